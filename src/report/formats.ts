/** The report formats, apart from their renderers, so the CLI's options load no renderer (report/index.ts wires each). */
export const FORMATS = ['text', 'json', 'markdown', 'html', 'junit', 'nagios', 'prometheus'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}
