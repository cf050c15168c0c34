export const KNOWLEDGE_KINDS = {
  'connector-event': 'Certificate Connector for Microsoft Intune event',
  'legacy-connector-event': 'Legacy Intune NDES connector event',
  'diagnostic-code': 'Legacy Intune connector diagnostic code',
  'ndes-event': 'NDES (Network Device Enrollment Service) Application log event',
  'http-status': 'HTTP status from mscep.dll',
} as const satisfies Record<string, string>;
export type KnowledgeKind = keyof typeof KNOWLEDGE_KINDS;

export interface KnowledgeEntry {
  kind: KnowledgeKind;
  /** As written in logs and docs: `10010`, `0x00000411`, `404.15`. */
  code: string;
  name: string;
  meaning: string;
  causes: string[];
  fix: string;
  docs: string;
}
