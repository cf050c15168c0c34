import type { ScepTemplateRef, ScepTemplatesFact } from '../../facts/mscep.js';
import type { CertTemplate, TemplateValue } from '../../parse/certutil-dstemplate.js';
import { fail, notApplicable, pass, warn } from '../../engine/outcome.js';
import type { Outcome, Remediation } from '../../engine/types.js';

export const SCEP_DOC = 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure';

/** What a check concludes about one template. */
export type TemplateVerdict =
  | { status: 'pass' | 'warn' | 'fail'; message: string; actual: string }
  | { status: 'error'; message: string };

export interface FoundTemplate {
  ref: ScepTemplateRef;
  template: CertTemplate;
}

/** Templates NDES-MSCEP-003 resolved; the template checks depend on it, so normally all of them. */
export function foundTemplates(fact: ScepTemplatesFact): FoundTemplate[] {
  return fact.refs.flatMap((ref) => (ref.template ? [{ ref, template: ref.template }] : []));
}

/** Names the registry values too, since two values may point at different templates. */
export function label({ ref, template }: FoundTemplate): string {
  return `${template.name} (${ref.values.join(', ')})`;
}

/** The verdict for a template attribute that is missing or unreadable. */
export function unreadable(value: Exclude<TemplateValue<unknown>, { status: 'ok' }>, attribute: string, source: string): TemplateVerdict {
  if (value.status === 'absent') {
    return { status: 'error', message: `${source} has no ${attribute} for this template; the dump may be cut short: collect it again with certutil -v -dstemplate.` };
  }
  return { status: 'error', message: `${source}: ${value.attribute} could not be read (${value.reason}).` };
}

/**
 * Applies one rule to every configured template and merges the verdicts: a failure anywhere
 * decides, then an unreadable template, then a warning.
 */
export function judgeTemplates(
  fact: ScepTemplatesFact,
  opts: { expected: string; attribute: string; remediation: (templates: CertTemplate[]) => Remediation; judge: (t: CertTemplate) => TemplateVerdict },
): Outcome {
  const found = foundTemplates(fact);
  if (found.length === 0) return notApplicable('The MSCEP registry names no template other than the NDES default, so there is no SCEP template to inspect.');
  const verdicts = found.map((f) => ({ f, v: opts.judge(f.template) }));
  const prefix = (f: FoundTemplate, text: string) => (found.length > 1 ? `${label(f)}: ${text}` : text);
  const message = verdicts.map(({ f, v }) => prefix(f, v.message)).join(' ');
  const evidence = {
    expected: opts.expected,
    actual: verdicts.map(({ f, v }) => `${label(f)}: ${v.status === 'error' ? 'unreadable' : v.actual}`).join('; '),
    source: `${opts.attribute} (${fact.templatesSource})`,
  };
  const failing = (s: TemplateVerdict['status']) => verdicts.filter(({ v }) => v.status === s).map(({ f }) => f.template);
  if (failing('fail').length) return fail(message, opts.remediation(failing('fail')), evidence);
  if (failing('error').length) return { status: 'error', errorCode: 'E_FACT_MALFORMED', message, evidence };
  if (failing('warn').length) return warn(message, opts.remediation(failing('warn')), evidence);
  return pass(message, evidence);
}

/** certtmpl.msc lists templates by display name, and issued certificates never change, so every fix says both. */
export function certtmplSteps(templates: CertTemplate[], change: string): string {
  const names = templates.map((t) => (t.displayName && t.displayName !== t.name ? `"${t.displayName}" (name ${t.name})` : `"${t.name}"`));
  return (
    `In the Certificate Templates console (certtmpl.msc) open ${names.join(', ')}, ${change} ` +
    'and wait for Active Directory replication. Certificates already issued keep their old contents; devices get the ' +
    'change at their next enrollment or renewal.'
  );
}
