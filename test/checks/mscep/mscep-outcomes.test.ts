import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import caConfiguration from '../../../src/checks/mscep/ca-configuration.js';
import raKeyReadable from '../../../src/checks/mscep/ra-private-key-readable.js';
import { mscepFacts } from '../../../src/facts/mscep.js';
import { decodeText } from '../../../src/parse/text.js';
import { iisWith } from '../account/account-facts.js';
import { ad, admins, users } from '../account/rights-facts.js';
import { factFrom, runCheck } from '../host-facts.js';
import { facts, run } from './mscep-fixture-facts.js';

/** registry/mscep-default.reg with one edit, written back as `reg export` writes (UTF-16LE with a BOM). */
function mscepEdited(edit: (text: string) => string) {
  const text = edit(decodeText(new Uint8Array(readFileSync(new URL('../../fixtures/registry/mscep-default.reg', import.meta.url)))));
  const bytes = new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'));
  return mscepFacts.mscepRegistry.derive(() => ({ status: 'ok', file: 'registry/mscep.reg', bytes, codePage: 437 }));
}
const withConfiguration = (value: string) => run(caConfiguration, { mscepRegistry: mscepEdited((t) => t.replace('"CA03.intra.contoso.com\\\\ADCS Labor Issuing CA 2"', value)) });

describe('NDES-MSCEP-002: each way the CA configuration can be wrong', () => {
  it('fails with the full remediation when NDES is not configured', () => {
    expect(run(caConfiguration, facts({ 'registry.mscep': null }))).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "MSCEP key absent",
          "expected": "REG_SZ "<CA host>\\<CA name>"",
          "source": "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo\\Configuration (registry/mscep.reg)",
        },
        "message": "The MSCEP registry key is absent: NDES is not configured, so it has no CA to submit requests to.",
        "remediation": {
          "commands": [
            {
              "shell": "cmd",
              "text": "certutil -config "<CAHost>\\<CA Name>" -ping",
            },
            {
              "shell": "powershell",
              "text": "Get-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo"",
            },
          ],
          "docs": "https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure",
          "text": "NDES records its CA when the role service is configured. If the value is missing or points to a CA that no longer exists, remove and reconfigure the NDES role service (Server Manager > AD CS), choosing the issuing CA, then restart the server. Check the CA answers from the NDES server with the command below (use the configuration string of your CA).",
        },
        "severity": undefined,
        "status": "fail",
      }
    `);
  });

  it('tells a missing value from a missing subkey and from a value of the wrong type', () => {
    expect(run(caConfiguration, { mscepRegistry: mscepEdited((t) => t.replace('"Configuration"=', '"Other"=')) })).toMatchObject({
      status: 'fail',
      message: 'CAInfo\\Configuration is missing, empty or not a string: NDES does not know which CA to submit requests to.',
      evidence: { expected: 'REG_SZ "<CA host>\\<CA name>"', actual: 'value absent', source: 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo\\Configuration (registry/mscep.reg)' },
    });
    expect(withConfiguration('dword:00000001').evidence?.actual).toBe('1 (0x1) REG_DWORD');
    expect(withConfiguration('"   "')).toMatchObject({ status: 'fail', evidence: { actual: '"   " REG_SZ' } });
  });

  it('needs a host before the backslash and a CA name after it', () => {
    expect(withConfiguration('"\\\\Issuing CA"')).toMatchObject({
      status: 'fail',
      message: 'CAInfo\\Configuration is "\\Issuing CA", which is not a "<CA host>\\<CA name>" configuration string.',
      evidence: { actual: '"\\Issuing CA"' },
    });
    expect(withConfiguration('"ca01.contoso.com\\\\"').status).toBe('fail');
    expect(withConfiguration('"a\\\\b"')).toMatchObject({ status: 'pass', message: 'NDES submits requests to the CA "b" on a.', evidence: { actual: '"a\\b"', details: { caHost: 'a', caName: 'b' } } });
    expect(withConfiguration('"  ca01\\\\Issuing CA  "').evidence?.details).toEqual({ caHost: 'ca01', caName: 'Issuing CA' });
  });
});

describe('NDES-MSCEP-004: words, commands and errors', () => {
  const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });
  const keys = (f: string) => factFrom('raKeyFiles', { 'mscep.ra-keys': `ra-keys/${f}` });
  const runKeys = (f: string) => runCheck(raKeyReadable, { iisConfig: svc, raKeyFiles: keys(f), adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins });

  it('fails with the grant for each blocked key and iisreset', async () => {
    expect(await runKeys('unreadable.json')).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "B7185087493F5E9853B19609F46930E50C8E0AE6 (C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\48050464b1b44cf3a078ae95e0709485_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04): readable through CONTOSO\\svc-ndes (S-1-5-21-3623811015-3361044348-30300820-1113); 1F7F2F420F2A146FDAE85305FE0048C95C70FCBF (C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\86afe0e4b41158f3a81d7cf4ab777d8f_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04): no ACE grants read",
          "codes": [
            "500",
            "Event 2",
            "Event 10",
          ],
          "details": {
            "token": [
              "S-1-5-21-3623811015-3361044348-30300820-1113",
              "S-1-5-21-3623811015-3361044348-30300820-513",
              "S-1-5-21-3623811015-3361044348-30300820-1130",
              "S-1-1-0",
              "S-1-5-11",
              "S-1-5-32-545",
              "S-1-5-3",
              "S-1-5-32-568",
            ],
          },
          "expected": "an allow ACE with read access for CONTOSO\\svc-ndes (S-1-5-21-3623811015-3361044348-30300820-1113) or a group in its worker process token, and no deny",
          "source": "ra-keys/unreadable.json",
        },
        "message": "CONTOSO\\svc-ndes cannot read the private key of RA certificate 1F7F2F420F2A146FDAE85305FE0048C95C70FCBF: NDES cannot start (events 2 and 10, "The parameter is incorrect") and answers HTTP 500.",
        "remediation": {
          "commands": [
            {
              "shell": "cmd",
              "text": "icacls "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\86afe0e4b41158f3a81d7cf4ab777d8f_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04" /grant "CONTOSO\\svc-ndes:R"",
            },
            {
              "shell": "cmd",
              "text": "iisreset",
            },
          ],
          "docs": "https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes",
          "text": "Give CONTOSO\\svc-ndes Read on each RA private key: Certificates (Local Computer) > Personal > the certificate > All Tasks > Manage Private Keys > Add, Read. Or with icacls on the key file, then iisreset.",
        },
        "severity": undefined,
        "status": "fail",
      }
    `);
  });

  it('names both keys, in the plural, when neither is readable', async () => {
    const fact = keys('unreadable.json');
    const o = await runCheck(raKeyReadable, { iisConfig: svc, raKeyFiles: { ...fact, keys: fact.keys.map((k) => ({ ...k, acl: [] })) }, adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins });
    expect(o.message).toMatchInlineSnapshot(`"CONTOSO\\svc-ndes cannot read the private key of RA certificates B7185087493F5E9853B19609F46930E50C8E0AE6, 1F7F2F420F2A146FDAE85305FE0048C95C70FCBF: NDES cannot start (events 2 and 10, "The parameter is incorrect") and answers HTTP 500."`);
    if (o.status === 'fail') expect(o.remediation.commands?.map((c) => c.text.split(' ')[0])).toEqual(['icacls', 'icacls', 'iisreset']);
  });

  it('lists how each key is or is not readable', async () => {
    expect((await runKeys('denied.json')).evidence).toMatchInlineSnapshot(`
      {
        "actual": "B7185087493F5E9853B19609F46930E50C8E0AE6 (C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\48050464b1b44cf3a078ae95e0709485_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04): denied to IIS_IUSRS (S-1-5-32-568)",
        "codes": [
          "500",
          "Event 2",
          "Event 10",
        ],
        "details": {
          "token": [
            "S-1-5-21-3623811015-3361044348-30300820-1113",
            "S-1-5-21-3623811015-3361044348-30300820-513",
            "S-1-5-21-3623811015-3361044348-30300820-1130",
            "S-1-1-0",
            "S-1-5-11",
            "S-1-5-32-545",
            "S-1-5-3",
            "S-1-5-32-568",
          ],
        },
        "expected": "an allow ACE with read access for CONTOSO\\svc-ndes (S-1-5-21-3623811015-3361044348-30300820-1113) or a group in its worker process token, and no deny",
        "source": "ra-keys/denied.json",
      }
    `);
  });

  it('errors, not judges, on a key whose file could not be read', async () => {
    expect(await runKeys('access-denied.json')).toMatchInlineSnapshot(`
      {
        "errorCode": "E_ACCESS_DENIED",
        "message": "The key file of RA certificate B7185087493F5E9853B19609F46930E50C8E0AE6 could not be examined (C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\48050464b1b44cf3a078ae95e0709485_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04): Attempted to perform an unauthorized operation.",
        "status": "error",
      }
    `);
    const thumbprint = 'AB'.repeat(20);
    const withKey = (key: object) =>
      runCheck(raKeyReadable, { iisConfig: svc, raKeyFiles: { keys: [{ thumbprint, ...key }], source: 'mscep/ra-keys.json' }, adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins });
    expect(await withKey({})).toEqual({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `The key file of RA certificate ${thumbprint} could not be examined: no ACL was recorded` });
    expect(await withKey({ file: 'C:\\k', error: { message: 'Access is denied.', hresult: 0x80070005 } })).toEqual({
      status: 'error',
      errorCode: 'E_ACCESS_DENIED',
      message: `The key file of RA certificate ${thumbprint} could not be examined (C:\\k): Access is denied.`,
    });
    expect(await withKey({ acl: [], error: { message: 'The system cannot find the file specified.', hresult: -2147024894 } })).toMatchObject({ errorCode: 'E_FACT_UNAVAILABLE' });
    expect(await withKey({ acl: [], error: { message: 'odd' } })).toMatchObject({ errorCode: 'E_FACT_UNAVAILABLE' });
  });

  it('skips without RA keys, in words', async () => {
    expect((await runKeys('none.json')).message).toMatchInlineSnapshot(`"No certificate in LocalMachine\\My has the Certificate Request Agent EKU and a private key; NDES-TLS-010 reports the missing RA certificates."`);
  });
});
