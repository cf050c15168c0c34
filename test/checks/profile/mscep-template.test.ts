import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/mscep-template.js';
import { facts, HEALTHY } from '../mscep/mscep-fixture-facts.js';
import { flags, graph, run } from './profile-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

const server = (mscep: string) => facts({ ...HEALTHY, 'registry.mscep': `registry/${mscep}` });
const lintOn = (mscep: string, keyUsage: string) => run(check, { profile: flags({ keyUsage }), ...server(mscep) });

describe('NDES-PRF-014 profile-mscep-template', () => {
  it('follows the key usage to the MSCEP value and the template', () => {
    const o = run(check, { profile: graph('windows-user-healthy.json'), ...server('mscep-intune.reg') });
    expect(o).toMatchObject({ status: 'pass', message: 'Requests with key usage Digital signature + Key encipherment go through MSCEP GeneralPurposeTemplate to the template IntuneSCEP ("Intune SCEP").' });
  });

  it('fails when the value for that purpose still holds the setup default', () => {
    // mscep-mixed: SignatureTemplate is IPSECIntermediateOffline, EncryptionTemplate is IntuneSCEP.
    expect(lintOn('mscep-mixed.reg', 'digital-signature')).toMatchObject({ status: 'fail', message: expect.stringMatching(/MSCEP\\SignatureTemplate, which still holds the setup default IPSECIntermediateOffline/) });
    expect(lintOn('mscep-mixed.reg', 'key-encipherment').status).toBe('pass');
  });

  it('fails a value that is not a string, or names a display name or no template', () => {
    expect(lintOn('mscep-dword.reg', 'key-encipherment')).toMatchObject({ status: 'fail', message: expect.stringMatching(/EncryptionTemplate, which is not set/) });
    const display = lintOn('mscep-display-name.reg', 'digital-signature,key-encipherment');
    expect(display).toMatchObject({ status: 'fail', message: expect.stringMatching(/"Intune SCEP" is the display name of IntuneSCEP; the registry needs the name/) });
    if (display.status === 'fail') expect(display.remediation.commands?.[0]).toEqual(cmd('reg add "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP" /v GeneralPurposeTemplate /t REG_SZ /d \"<TemplateName>\" /f'));
    expect(lintOn('mscep-display-name.reg', 'digital-signature').message).toMatch(/"NoSuchTemplate", but Active Directory has no template of that name/);
  });

  it('a template missing from a dump cut short is an error, not a wrong registry value', () => {
    // dstemplate-truncated.txt stops inside IntuneSCEP, before LegacySCEP, without certutil's closing line.
    const cut = run(check, { profile: flags(), ...facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg', 'certutil.dstemplate': 'certutil/dstemplate-truncated.txt' }) });
    expect(cut).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(cut.message).toMatch(/MSCEP\\GeneralPurposeTemplate names "LegacySCEP", which is not in certutil\/dstemplate\.txt, but that dump ends without certutil's closing "CertUtil:" line/);
    // The whole dump holds it. (A name missing from a whole dump fails: above, "NoSuchTemplate".)
    expect(run(check, { profile: flags(), ...server('mscep-legacy.reg') })).toMatchObject({ status: 'pass', message: expect.stringMatching(/to the template LegacySCEP/) });
    // A template the cut dump does hold is still followed.
    expect(run(check, { profile: flags(), ...facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-truncated.txt' }) }).status).toBe('pass');
  });

  it('skips without a key usage', () => {
    expect(run(check, { profile: flags({ keyUsage: undefined }), ...server('mscep-intune.reg') }).status).toBe('skip');
  });
});
