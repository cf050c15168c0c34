/**
 * `certutil -CATemplates`: one `<name>: <display name> -- <auto-enroll status>` line per template
 * the CA issues. The status text is localized and depends on the caller's rights, so only the
 * name (before the first `: `) and the display name are kept.
 */
import { excerpt, ParseError } from './errors.js';

export interface CaTemplate {
  name: string;
  displayName: string;
}

export class CaTemplatesParseError extends ParseError {
  override name = 'CaTemplatesParseError';
}

/** `s`: a U+2028 in a line is text, not a line end where `.` stops (which made the pattern quadratic on it). */
const TEMPLATE_LINE = /^([^\s:][^:\t]*?): (.+?)(?: -- .*)?$/s;
const HRESULT = /0x8[0-9a-f]{7}/i;

export function parseCaTemplates(text: string): CaTemplate[] {
  const templates: CaTemplate[] = [];
  let completed = false;
  for (const raw of text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    // certutil's status line keeps its `CertUtil:` prefix and the verb in every language.
    if (/^CertUtil:/i.test(line)) {
      if (HRESULT.test(line) || !/-CATemplates/i.test(line)) throw new CaTemplatesParseError(`certutil reported a failure: ${excerpt(line, 120)}`);
      completed = true;
      continue;
    }
    const m = TEMPLATE_LINE.exec(line);
    if (m) templates.push({ name: m[1]!.trim(), displayName: m[2]!.trim() });
  }
  // Without the completion line the list may be cut short, and a missing template would be misreported.
  if (!completed) throw new CaTemplatesParseError("the output ends without certutil's completion line; it may be truncated");
  return templates;
}

/** Finds a template the CA issues by name, case-insensitively. */
export function findCaTemplate(templates: readonly CaTemplate[], name: string): CaTemplate | undefined {
  const want = name.trim().toLowerCase();
  return templates.find((t) => t.name.toLowerCase() === want);
}
