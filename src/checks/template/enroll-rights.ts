import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, warn } from '../../engine/outcome.js';
import type { TemplateAce } from '../../parse/certutil-dstemplate.js';
import { certtmplSteps, foundTemplates, SCEP_DOC } from './judge-templates.js';

/** `CONTOSO\svc-ndes`, `svc-ndes@contoso.com` and `svc-ndes` name the same account. */
function accountKey(name: string): string {
  return name.trim().replace(/^.*\\/, '').replace(/@.*$/, '').toLowerCase();
}

const grants = (aces: TemplateAce[], right: 'enroll' | 'read') =>
  aces.some((a) => a.access === 'allow' && (a.right === right || a.right === 'full-control'));

export default defineCheck({
  id: 'NDES-TPL-008',
  slug: 'template-enroll-rights',
  area: 'template',
  title: 'The NDES service account has Read and Enroll on the SCEP template',
  severity: 'high',
  requires: ['scepTemplates', 'scepAccount'],
  dependsOn: ['NDES-MSCEP-003'],
  run({ scepTemplates, scepAccount: who }) {
    const found = foundTemplates(scepTemplates);
    const withAcl = found.filter((f) => f.template.acl && f.template.acl.some((a) => a.right !== 'unknown'));
    if (withAcl.length === 0) {
      return notApplicable(`${scepTemplates.templatesSource} shows no readable permissions for the SCEP template; check Security in certtmpl.msc by hand.`);
    }
    const seen = withAcl
      .map(({ template }) => `${template.name}: ${template.acl!.map((a) => `${a.text} ${a.principal}`).join(', ')}`)
      .join('; ');
    if (who.account === undefined) return notApplicable(`Cannot match the template permissions to an account: ${who.reason}. Permissions seen: ${seen}.`);

    const evidence = {
      expected: `Allow Read and Allow Enroll for ${who.account}`,
      actual: seen,
      source: `${scepTemplates.templatesSource}; account from ${who.source}`,
      codes: ['0x80094012'],
    };
    const remediation = {
      text:
        certtmplSteps(withAcl.map((f) => f.template), `on the Security tab add ${who.account} and allow Read and Enroll, click OK`) +
        ' Then restart the server so NDES enrolls with the new rights.',
      commands: ['certtmpl.msc', 'shutdown /r /t 0'],
      docs: SCEP_DOC,
    };
    const rows = withAcl.map(({ template }) => {
      const mine = template.acl!.filter((a) => accountKey(a.principal) === accountKey(who.account));
      const denied = mine.filter((a) => a.access === 'deny' && ['enroll', 'read', 'full-control'].includes(a.right));
      return { template, mine, denied, ok: grants(mine, 'enroll') && grants(mine, 'read') && denied.length === 0 };
    });
    const denied = rows.filter((r) => r.denied.length);
    if (denied.length) {
      return fail(
        `${denied.map((r) => `${r.template.name} has ${r.denied.map((a) => a.text).join(', ')} for ${who.account}`).join('; ')}: enrollment fails with 0x80094012 (CERTSRV_E_TEMPLATE_DENIED).`,
        { ...remediation, text: `Remove the Deny entries for ${who.account}. ${remediation.text}` },
        evidence,
      );
    }
    const notDirect = rows.filter((r) => !r.ok);
    if (notDirect.length) {
      return warn(
        `${who.account} does not hold Read and Enroll directly on ${notDirect.map((r) => r.template.name).join(', ')}; it may get them through a group (${seen}). ` +
          'If none of those groups contains the account, enrollment fails with 0x80094012 (CERTSRV_E_TEMPLATE_DENIED).',
        remediation,
        evidence,
      );
    }
    return pass(`${who.account} has Read and Enroll on ${rows.map((r) => r.template.name).join(', ')}.`, evidence);
  },
});
