import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import caConfiguration from '../../../src/checks/mscep/ca-configuration.js';
import raKeyReadable from '../../../src/checks/mscep/ra-private-key-readable.js';
import templateExists from '../../../src/checks/mscep/template-exists.js';
import templatePurpose from '../../../src/checks/mscep/template-purpose.js';
import templateValues from '../../../src/checks/mscep/template-values.js';
import { mscepFacts } from '../../../src/facts/mscep.js';
import { decodeText } from '../../../src/parse/text.js';
import { iisWith } from '../account/account-facts.js';
import { ad, admins, users } from '../account/rights-facts.js';
import { factFrom, runCheck } from '../host-facts.js';
import { facts, HEALTHY, run } from './mscep-fixture-facts.js';

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
  const myHealthy = factFrom('certStoreMy', { 'certs.localmachine-my': 'certs/my-healthy.json' });
  const runKeys = (f: string) => runCheck(raKeyReadable, { iisConfig: svc, raKeyFiles: keys(f), certStoreMy: myHealthy, adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins });

  it('fails with the grant for each blocked key and iisreset', async () => {
    expect(await runKeys('unreadable.json')).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "884076BFAC5000108A0BB86C4FB64BED0AD82992 (C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\48050464b1b44cf3a078ae95e0709485_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04): readable through CONTOSO\\svc-ndes (S-1-5-21-3623811015-3361044348-30300820-1113); A2AF2AFB14E8B80CDAF2181508870B301D3CF5D4 (C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\86afe0e4b41158f3a81d7cf4ab777d8f_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04): no ACE grants read",
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
        "message": "CONTOSO\\svc-ndes cannot read the private key of RA certificate A2AF2AFB14E8B80CDAF2181508870B301D3CF5D4: NDES cannot start (events 2 and 10, "The parameter is incorrect") and answers HTTP 500.",
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
    const o = await runCheck(raKeyReadable, { iisConfig: svc, raKeyFiles: { ...fact, keys: fact.keys.map((k) => ({ ...k, acl: [] })) }, certStoreMy: myHealthy, adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins });
    expect(o.message).toMatchInlineSnapshot(`"CONTOSO\\svc-ndes cannot read the private key of RA certificates 884076BFAC5000108A0BB86C4FB64BED0AD82992, A2AF2AFB14E8B80CDAF2181508870B301D3CF5D4: NDES cannot start (events 2 and 10, "The parameter is incorrect") and answers HTTP 500."`);
    if (o.status === 'fail') expect(o.remediation.commands?.map((c) => c.text.split(' ')[0])).toEqual(['icacls', 'icacls', 'iisreset']);
  });

  it('lists how each key is or is not readable', async () => {
    expect((await runKeys('denied.json')).evidence).toMatchInlineSnapshot(`
      {
        "actual": "884076BFAC5000108A0BB86C4FB64BED0AD82992 (C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\48050464b1b44cf3a078ae95e0709485_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04): denied to IIS_IUSRS (S-1-5-32-568)",
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
        "message": "The key file of RA certificate 884076BFAC5000108A0BB86C4FB64BED0AD82992 could not be examined (C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\48050464b1b44cf3a078ae95e0709485_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04): Attempted to perform an unauthorized operation.",
        "status": "error",
      }
    `);
    const thumbprint = '884076BFAC5000108A0BB86C4FB64BED0AD82992';
    const withKey = (key: object) =>
      runCheck(raKeyReadable, { iisConfig: svc, raKeyFiles: { keys: [{ thumbprint, ...key }], source: 'mscep/ra-keys.json' }, certStoreMy: myHealthy, adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins });
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

describe('NDES-MSCEP-001: the words for each template-value state', () => {
  const values = (edit: (t: string) => string) => run(templateValues, { mscepRegistry: mscepEdited(edit) });
  const set = (name: string, to: string) => (t: string) => t.replace(`"${name}"="IPSECIntermediateOffline"`, `"${name}"=${to}`);

  it('fails an unconfigured NDES with the configure-first remediation', () => {
    expect(run(templateValues, facts({ 'registry.mscep': null }))).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "key absent",
          "expected": "MSCEP key with the three template values",
          "source": "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP (registry/mscep.reg)",
        },
        "message": "The MSCEP registry key is absent: the NDES role service is installed but was never configured (or not installed).",
        "remediation": {
          "commands": [
            {
              "shell": "cmd",
              "text": "reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v SignatureTemplate /t REG_SZ /d "<TemplateName>" /f",
            },
            {
              "shell": "cmd",
              "text": "reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v EncryptionTemplate /t REG_SZ /d "<TemplateName>" /f",
            },
            {
              "shell": "cmd",
              "text": "reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v GeneralPurposeTemplate /t REG_SZ /d "<TemplateName>" /f",
            },
            {
              "shell": "cmd",
              "text": "shutdown /r /t 0",
            },
          ],
          "docs": "https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure",
          "text": "Configure NDES first (Server Manager > AD CS > Configure Active Directory Certificate Services > Network Device Enrollment Service), then Set SignatureTemplate, EncryptionTemplate and GeneralPurposeTemplate to the name (not the display name) of the SCEP template, at least the value matching the Purpose on its Request Handling tab (Signature, Encryption, Signature and encryption), then restart the server: iisreset does not make NDES reread these values. Replace <TemplateName> below with the template name shown by certutil -dstemplate or in certtmpl.msc (General tab, "Template name").",
        },
        "severity": undefined,
        "status": "fail",
      }
    `);
  });

  it('fails the defaults with the evidence and every reg add', () => {
    expect(values((t) => t)).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "SignatureTemplate = "IPSECIntermediateOffline" REG_SZ; EncryptionTemplate = "IPSECIntermediateOffline" REG_SZ; GeneralPurposeTemplate = "IPSECIntermediateOffline" REG_SZ",
          "codes": [
            "0x80094800",
          ],
          "expected": "REG_SZ template names other than IPSECIntermediateOffline",
          "source": "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP (registry/mscep.reg)",
        },
        "message": "No SCEP template is configured: the template values are all still the NDES default IPSECIntermediateOffline. Devices would get IPSec (Offline request) certificates, or the CA refuses them (0x80094800).",
        "remediation": {
          "commands": [
            {
              "shell": "cmd",
              "text": "reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v SignatureTemplate /t REG_SZ /d "<TemplateName>" /f",
            },
            {
              "shell": "cmd",
              "text": "reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v EncryptionTemplate /t REG_SZ /d "<TemplateName>" /f",
            },
            {
              "shell": "cmd",
              "text": "reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v GeneralPurposeTemplate /t REG_SZ /d "<TemplateName>" /f",
            },
            {
              "shell": "cmd",
              "text": "shutdown /r /t 0",
            },
          ],
          "docs": "https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure",
          "text": "Set SignatureTemplate, EncryptionTemplate and GeneralPurposeTemplate to the name (not the display name) of the SCEP template, at least the value matching the Purpose on its Request Handling tab (Signature, Encryption, Signature and encryption), then restart the server: iisreset does not make NDES reread these values. Replace <TemplateName> below with the template name shown by certutil -dstemplate or in certtmpl.msc (General tab, "Template name").",
        },
        "severity": undefined,
        "status": "fail",
      }
    `);
  });

  it('tells "all still the default" from "absent, empty or default"', () => {
    expect(values(set('SignatureTemplate', '""')).message).toMatch(/the template values are absent, empty or IPSECIntermediateOffline\./);
    expect(values(set('SignatureTemplate', '"ipsecintermediateoffline"')).message).toMatch(/all still the NDES default/);
  });

  it('names every value of the wrong type, in the plural', () => {
    const o = values((t) => set('EncryptionTemplate', 'dword:00000001')(set('SignatureTemplate', 'hex:00')(t)));
    expect(o.message).toBe('SignatureTemplate, EncryptionTemplate are not a string value; NDES reads the template name as REG_SZ.');
  });

  it('passes one custom value, the others left empty, in the singular', () => {
    const o = values((t) => set('GeneralPurposeTemplate', '"IntuneSCEP"')(set('SignatureTemplate', '""')(set('EncryptionTemplate', '""')(t))));
    expect(o.message).toBe(
      "GeneralPurposeTemplate = IntuneSCEP; SignatureTemplate, EncryptionTemplate keep no value, as Microsoft's guide leaves the purposes your template does not have. " +
        'SCEP profiles must use the key usage that selects the configured value; one with Digital signature (SignatureTemplate) or Key encipherment (EncryptionTemplate) gets the default template.',
    );
    const two = values((t) => set('GeneralPurposeTemplate', '"IntuneSCEP"')(set('SignatureTemplate', '" IntuneSCEP "')(t)));
    expect(two.message).toMatch(/^SignatureTemplate = IntuneSCEP, GeneralPurposeTemplate = IntuneSCEP; EncryptionTemplate keeps IPSECIntermediateOffline,/);
  });

  it('passes all three in words, a REG_EXPAND_SZ too', () => {
    const o = values((t) => set('SignatureTemplate', 'hex(2):41,00,00,00')(set('EncryptionTemplate', '"B"')(set('GeneralPurposeTemplate', '"C"')(t))));
    expect(o).toMatchObject({ status: 'pass', message: 'All three template values name a template other than the default: SignatureTemplate = A, EncryptionTemplate = B, GeneralPurposeTemplate = C.' });
  });
});

describe('NDES-MSCEP-003 and -005: the words for each template state', () => {
  it('fails a display name and a missing name with both fixes, the listing command and a reboot', () => {
    expect(run(templateExists, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-display-name.reg' }))).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "SignatureTemplate = "NoSuchTemplate": no template has this name; EncryptionTemplate = "IntuneSCEP": template name of "Intune SCEP"; GeneralPurposeTemplate = "Intune SCEP": that is the display name; the template name is "IntuneSCEP"",
          "codes": [
            "0x80094800",
          ],
          "expected": "each value holds a template name (cn) present in Active Directory",
          "source": "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP (registry/mscep.reg), templates from certutil/dstemplate.txt",
        },
        "message": "GeneralPurposeTemplate holds the display name "Intune SCEP" instead of the template name "IntuneSCEP". SignatureTemplate = "NoSuchTemplate", but Active Directory has no template with that name or display name. The CA rejects such requests with 0x80094800 (CERTSRV_E_UNSUPPORTED_CERT_TYPE) and NDES logs event 31.",
        "remediation": {
          "commands": [
            {
              "shell": "cmd",
              "text": "reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v GeneralPurposeTemplate /t REG_SZ /d "IntuneSCEP" /f",
            },
            {
              "shell": "powershell",
              "text": "certutil -dstemplate | Select-String '^\\s*\\['",
            },
            {
              "shell": "cmd",
              "text": "shutdown /r /t 0",
            },
          ],
          "docs": "https://learn.microsoft.com/troubleshoot/mem/intune/certificates/devices-receive-scep-certificates-error-0x80094800",
          "text": "Put the template name (certtmpl.msc > template > General tab > "Template name", no spaces; or the cn from certutil -dstemplate) into the registry value, then restart the server (iisreset is not enough) and restart the Intune Certificate Connector service. For a name that matches no template, create the SCEP template first or correct the typo. ",
        },
        "severity": undefined,
        "status": "fail",
      }
    `);
  });

  it('passes in the plural and skips in words', () => {
    expect(run(templateExists, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-two-templates.reg' })).message).toMatchInlineSnapshot(`"The configured templates exist: SignatureTemplate, GeneralPurposeTemplate = "IntuneSCEP": template name of "Intune SCEP"; EncryptionTemplate = "LegacySCEP": template name of "Legacy SCEP"."`);
    expect(run(templateExists, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-default.reg' })).message).toMatchInlineSnapshot(`"The MSCEP registry names no template other than the NDES default; see NDES-MSCEP-001."`);
  });

  it('errors in words when the dump was cut short', () => {
    const cut = run(templateExists, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg', 'certutil.dstemplate': 'certutil/dstemplate-truncated.txt' }));
    expect(cut).toMatchInlineSnapshot(`
      {
        "errorCode": "E_FACT_MALFORMED",
        "evidence": {
          "actual": "SignatureTemplate, EncryptionTemplate, GeneralPurposeTemplate = "LegacySCEP": no template has this name",
          "codes": [
            "0x80094800",
          ],
          "expected": "each value holds a template name (cn) present in Active Directory",
          "source": "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP (registry/mscep.reg), templates from certutil/dstemplate.txt",
        },
        "message": ""LegacySCEP" is not in certutil/dstemplate.txt, but that dump ends without certutil's closing "CertUtil:" line: it may have been cut short before the template. Collect it again.",
        "status": "error",
      }
    `);
  });

  it('MSCEP-005 fails with the evidence of each template, warns low on a key usage with no purpose, and skips in words', () => {
    const f = facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-two-templates.reg' }).scepTemplates;
    expect(run(templatePurpose, { scepTemplates: f })).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "IntuneSCEP: purpose Signature and encryption (key usage 0xa0, key spec 1), named by SignatureTemplate, GeneralPurposeTemplate; LegacySCEP: purpose Signature and encryption (key usage 0xe0, key spec 1), named by EncryptionTemplate",
          "expected": "Signature -> SignatureTemplate, Encryption -> EncryptionTemplate, Signature and encryption -> GeneralPurposeTemplate",
          "source": "registry/mscep.reg, pKIKeyUsage and pKIDefaultKeySpec (certutil/dstemplate.txt)",
        },
        "message": "LegacySCEP has the purpose Signature and encryption, but only EncryptionTemplate name it, not GeneralPurposeTemplate. Devices whose profile asks for that key usage are sent to another template.",
        "remediation": {
          "commands": [
            {
              "shell": "powershell",
              "text": "Set-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP" -Name GeneralPurposeTemplate -Value "LegacySCEP"",
            },
            {
              "shell": "cmd",
              "text": "shutdown /r /t 0",
            },
          ],
          "docs": "https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure",
          "text": "Set the MSCEP value that matches each template's Purpose (certtmpl.msc > template > Request Handling) to the template name, then restart the server. NDES picks the value by the key usage a device requests, so a template behind the wrong value is never used for that profile.",
        },
        "severity": undefined,
        "status": "fail",
      }
    `);
    const noPurpose = { ...f, refs: f.refs.map((r) => ({ ...r, template: r.template && { ...r.template, keyUsage: { status: 'ok' as const, value: 0x04, attribute: 'pKIKeyUsage', raw: '04 00' } } })) };
    expect(run(templatePurpose, { scepTemplates: noPurpose })).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "IntuneSCEP: no signature or encryption key usage (key usage 0x04, key spec 1), named by SignatureTemplate, GeneralPurposeTemplate; LegacySCEP: no signature or encryption key usage (key usage 0x04, key spec 1), named by EncryptionTemplate",
          "expected": "Signature -> SignatureTemplate, Encryption -> EncryptionTemplate, Signature and encryption -> GeneralPurposeTemplate",
          "source": "registry/mscep.reg, pKIKeyUsage and pKIDefaultKeySpec (certutil/dstemplate.txt)",
        },
        "message": "IntuneSCEP: no signature or encryption key usage (key usage 0x04, key spec 1), named by SignatureTemplate, GeneralPurposeTemplate; LegacySCEP: no signature or encryption key usage (key usage 0x04, key spec 1), named by EncryptionTemplate: the purpose cannot be told from the key usage.",
        "remediation": {
          "commands": [
            {
              "shell": "cmd",
              "text": "shutdown /r /t 0",
            },
          ],
          "docs": "https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure",
          "text": "Set the MSCEP value that matches each template's Purpose (certtmpl.msc > template > Request Handling) to the template name, then restart the server. NDES picks the value by the key usage a device requests, so a template behind the wrong value is never used for that profile.",
        },
        "severity": "low",
        "status": "warn",
      }
    `);
    expect(run(templatePurpose, { scepTemplates: facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-default.reg' }).scepTemplates }).message).toMatchInlineSnapshot(`"The MSCEP registry names no SCEP template (see NDES-MSCEP-001)."`);
  });

  it('MSCEP-005 errors in words on an unreadable key usage', () => {
    const f = facts(HEALTHY).scepTemplates;
    const broken = { ...f, refs: f.refs.map((r) => ({ ...r, template: { ...r.template!, keyUsage: { status: 'absent' as const } } })) };
    expect(run(templatePurpose, { scepTemplates: broken }).message).toMatchInlineSnapshot(`"certutil/dstemplate.txt: the key usage (pKIKeyUsage) of IntuneSCEP is missing or unreadable, so its purpose is unknown."`);
  });
});
