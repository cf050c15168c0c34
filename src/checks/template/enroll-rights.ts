import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { ScepIdentityFact } from '../../facts/account.js';
import type { TemplateSecurityFact } from '../../facts/mscep.js';
import type { CertTemplate } from '../../parse/certutil-dstemplate.js';
import { RIGHTS, trusteeSid, type SddlAce, type SecurityDescriptor } from '../../parse/sddl.js';
import { certtmplSteps, foundTemplates, judgeTemplates, SCEP_DOC, type TemplateVerdict } from './judge-templates.js';

/** The Certificate-Enrollment extended right; AutoEnroll is a different one and does not let NDES enroll. */
export const ENROLL_RIGHT = '0e10c968-78fb-11d2-90d4-00c04f79dc55';
const AUTHENTICATED_USERS = 'S-1-5-11';
const EVERYONE = 'S-1-1-0';

type Right = 'enroll' | 'read';
interface Decision {
  access: 'allow' | 'deny';
  ace: SddlAce;
  sid: string;
}

/** Whether an ACE's mask and object type cover the right, as Active Directory evaluates it. */
function covers(ace: SddlAce, right: Right): boolean {
  const m = ace.mask;
  if (m & RIGHTS.GA) return !ace.objectType || (right === 'enroll' && ace.objectType === ENROLL_RIGHT);
  if (right === 'enroll') return (m & RIGHTS.CR) !== 0 && (!ace.objectType || ace.objectType === ENROLL_RIGHT);
  // Reading the template object: read property (RP) for all properties, or generic read.
  return !ace.objectType && (m & (RIGHTS.RP | RIGHTS.GR)) !== 0;
}

/**
 * The first ACE, in DACL order, that allows or denies each right to one of the SIDs: the access
 * check walks the DACL in order and the first ACE that decides a right wins. Inherit-only ACEs
 * do not apply to the template itself.
 */
export function decide(sd: SecurityDescriptor, sids: ReadonlySet<string>, domainSid?: string): Partial<Record<Right, Decision>> {
  const out: Partial<Record<Right, Decision>> = {};
  for (const ace of sd.dacl) {
    const access = ace.type === 'A' || ace.type === 'OA' ? 'allow' : ace.type === 'D' || ace.type === 'OD' ? 'deny' : undefined;
    if (!access || ace.flags.includes('IO')) continue;
    const sid = trusteeSid(ace.trustee, domainSid);
    if (!sid || !sids.has(sid)) continue;
    for (const right of ['enroll', 'read'] as const) if (!out[right] && covers(ace, right)) out[right] = { access, ace, sid };
  }
  return out;
}

/** A name for a SID that people recognise; the account's own SID is the account. */
function nameOf(sid: string, id: ScepIdentityFact, domainSid?: string): string {
  if (sid === id.sid) return id.account ?? sid;
  const known: Record<string, string> = { [AUTHENTICATED_USERS]: 'Authenticated Users', [EVERYONE]: 'Everyone' };
  if (known[sid]) return known[sid];
  const rid = domainSid && sid.startsWith(`${domainSid}-`) ? sid.slice(domainSid.length + 1) : undefined;
  const groups: Record<string, string> = { '512': 'Domain Admins', '513': 'Domain Users', '515': 'Domain Computers', '519': 'Enterprise Admins' };
  return rid && groups[rid] ? `${groups[rid]} (${sid})` : `a group of the account (${sid})`;
}

/** The template's security descriptor: from Active Directory when collected, else from the certutil dump. */
function descriptorOf(t: CertTemplate, security: TemplateSecurityFact): { sd: SecurityDescriptor; from: string } | { problem: string } {
  const fromAd = security.byName.get(t.name.toLowerCase());
  if (fromAd) return { sd: fromAd, from: security.source };
  const dump = t.securityDescriptor;
  if (dump.status === 'ok') return { sd: dump.value, from: dump.attribute };
  if (dump.status === 'invalid') return { problem: `${dump.attribute} is not readable SDDL (${dump.reason})` };
  return {
    problem: `neither ${security.source}${security.unavailable ? ` (${security.unavailable})` : ''} nor the certutil dump holds its security descriptor; collect the bundle again with this version`,
  };
}

export default defineCheck({
  id: 'NDES-TPL-008',
  slug: 'template-enroll-rights',
  area: 'template',
  title: 'The account NDES enrolls as has Read and Enroll on the SCEP template',
  severity: 'high',
  requires: ['scepTemplates', 'scepIdentity', 'templateSecurity'],
  dependsOn: ['NDES-MSCEP-003'],
  run({ scepTemplates, scepIdentity: id, templateSecurity }): Outcome {
    if (foundTemplates(scepTemplates).length === 0) {
      return notApplicable('The MSCEP registry names no template other than the NDES default, so there is no SCEP template to inspect.');
    }
    const account = id.account ?? 'the SCEP application pool account';
    const builtIn = id.identityType !== undefined && id.identityType !== 'SpecificUser';
    const change = builtIn
      ? `on the Security tab add the computer account ${account} (Object Types: Computers) and allow Read and Enroll, remove any Deny that applies to it, click OK`
      : `on the Security tab add ${account} and allow Read and Enroll, remove any Deny that applies to it, click OK`;
    const remediation = (templates: CertTemplate[]) => ({
      text: `${certtmplSteps(templates, change)} Then restart the server so NDES enrolls with the new rights.`,
      commands: [cmd('certtmpl.msc'), cmd('shutdown /r /t 0')],
      docs: SCEP_DOC,
    });
    if (id.identityType === 'LocalService') {
      return fail(
        'The SCEP application pool runs as LocalService, which presents anonymous credentials on the network: the CA cannot grant it Enroll, and every request fails with 0x80094012 (CERTSRV_E_TEMPLATE_DENIED).',
        { ...remediation(foundTemplates(scepTemplates).map((f) => f.template)), text: 'Run the SCEP application pool as the NDES service account (NDES-ACCT-001) and give that account Read and Enroll on the SCEP template.' },
        { expected: 'an identity with network credentials', actual: `identityType LocalService (${id.source})`, source: id.source, codes: ['0x80094012'] },
      );
    }
    if (!id.sid) {
      return {
        status: 'error',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: `The SID of ${account} was not resolved at collection${id.error ? ` (${id.error})` : ''}; template permissions name SIDs, so they cannot be matched to it.`,
        evidence: { source: id.source },
      };
    }
    // Domain-relative aliases (DA, DU, DC) in the SDDL are relative to the account's domain.
    const domainSid = /^S-1-5-21-\d+-\d+-\d+-\d+$/.test(id.sid) ? id.sid.replace(/-\d+$/, '') : undefined;
    const sids = new Set([id.sid, ...(id.tokenGroups ?? []), AUTHENTICATED_USERS, EVERYONE].map((s) => s.toUpperCase()));
    const complete = id.tokenGroups !== undefined;
    const who = builtIn ? `${account} (the computer account: the pool runs as ${id.identityType})` : account;
    const judge = (t: CertTemplate): TemplateVerdict => {
      const found = descriptorOf(t, templateSecurity);
      if ('problem' in found) return { status: 'error', message: `The permissions of ${t.name} cannot be read: ${found.problem}.` };
      const d = decide(found.sd, sids, domainSid);
      const via = (r: Right) => (d[r] ? `${d[r]!.access === 'allow' ? 'Allow' : 'Deny'} ${r === 'enroll' ? 'Enroll' : 'Read'} for ${nameOf(d[r]!.sid, id, domainSid)}` : `no ${r === 'enroll' ? 'Enroll' : 'Read'}`);
      const actual = `${via('enroll')}; ${via('read')} (from ${found.from})`;
      const denied = (['enroll', 'read'] as const).filter((r) => d[r]?.access === 'deny');
      if (denied.length) {
        return {
          status: 'fail',
          message: `${t.name} denies ${denied.map((r) => (r === 'enroll' ? 'Enroll' : 'Read')).join(' and ')} to ${denied
            .map((r) => (d[r]!.sid === id.sid ? who : `${nameOf(d[r]!.sid, id, domainSid)}, which ${who} is in`))
            .join('; ')}: the CA refuses its requests with 0x80094012 (CERTSRV_E_TEMPLATE_DENIED).`,
          actual,
        };
      }
      const missing = (['enroll', 'read'] as const).filter((r) => d[r]?.access !== 'allow').map((r) => (r === 'enroll' ? 'Enroll' : 'Read'));
      if (missing.length === 0) return { status: 'pass', message: `${who} has Read and Enroll on ${t.name}: ${actual}.`, actual };
      if (complete) {
        return {
          status: 'fail',
          message: `Neither ${who} nor any of its ${id.tokenGroups!.length} groups has ${missing.join(' or ')} on ${t.name}: the CA refuses its requests with 0x80094012 (CERTSRV_E_TEMPLATE_DENIED).`,
          actual,
        };
      }
      return {
        status: 'warn',
        message:
          `${who} has no ${missing.join(' or ')} on ${t.name} directly or through Authenticated Users or Everyone; its other groups could not be read at collection` +
          `${id.error ? ` (${id.error})` : ''}. If none of them grants it, enrollment fails with 0x80094012 (CERTSRV_E_TEMPLATE_DENIED).`,
        actual,
      };
    };
    const out = judgeTemplates(scepTemplates, {
      expected: `Allow Read and Allow Enroll (${ENROLL_RIGHT}) for ${account} or a group in its token, and no Deny`,
      attribute: `nTSecurityDescriptor; account and groups from ${id.source}`,
      remediation,
      judge,
    });
    return out.status === 'fail' || out.status === 'warn' ? { ...out, evidence: { ...out.evidence, codes: ['0x80094012'] } } : out;
  },
});
