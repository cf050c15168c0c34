export const KNOWLEDGE_KINDS = {
  'connector-event': 'Certificate Connector for Microsoft Intune event',
  'legacy-connector-event': 'Legacy Intune NDES connector event',
  'diagnostic-code': 'Legacy Intune connector diagnostic code',
  'ndes-event': 'NDES (Network Device Enrollment Service) Application log event',
  'http-status': 'HTTP status from mscep.dll',
  'httperr-reason': 'HTTP.sys error log (HTTPERR) reason',
  'windows-event': 'Windows event around NDES (Application and System logs)',
  'windows-error': 'Windows error code (HRESULT, Win32, WinHTTP or NTSTATUS)',
} as const satisfies Record<string, string>;
export type KnowledgeKind = keyof typeof KNOWLEDGE_KINDS;

/**
 * Where an entry's facts come from. Community-sourced entries are triage hints that Microsoft does
 * not document, and the CLI says so when it prints them.
 */
export const KNOWLEDGE_SOURCES = {
  microsoft: 'Microsoft documentation',
  community: 'community sources (not documented by Microsoft; treat as a hint)',
} as const satisfies Record<string, string>;
export type KnowledgeSource = keyof typeof KNOWLEDGE_SOURCES;

export interface KnowledgeEntry {
  kind: KnowledgeKind;
  /** As written in logs and docs: `10010`, `0x00000411`, `404.15`, `500 win32 1346`. */
  code: string;
  name: string;
  meaning: string;
  causes: readonly string[];
  fix: string;
  docs: string;
  source: KnowledgeSource;
  /** Other spellings the sources use for the same code (e.g. a documented typo). */
  aliases?: readonly string[];
  /** Codes logged together with this one, e.g. the diagnostic codes a legacy event can carry. */
  related?: readonly string[];
}
