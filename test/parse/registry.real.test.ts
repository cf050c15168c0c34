import { describe, expect, it } from 'vitest';
import { findKey, parseRegistryText } from '../../src/parse/registry.js';
import { realBytes, realText } from '../helpers/real.js';

const MSCEP = 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP';

describe('reg export as Windows wrote it (real captures)', () => {
  it('reads the MSCEP export of a Server 2019 NDES: UTF-16LE with BOM, CRLF, one value per subkey', () => {
    const bytes = realBytes('registry/ndes-manual-MSCEP.reg');
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    expect(Buffer.from(bytes).includes(Buffer.from('\r\n', 'utf16le'))).toBe(true);

    const keys = parseRegistryText(realText('registry/ndes-manual-MSCEP.reg'));
    expect(keys.map((k) => k.path.replace(/^.*\\MSCEP/, 'MSCEP'))).toEqual([
      'MSCEP',
      'MSCEP\\CAInfo',
      'MSCEP\\CAType',
      'MSCEP\\CertsInMYStore',
      'MSCEP\\EnforcePassword',
      'MSCEP\\PasswordVDir',
      'MSCEP\\UseSinglePassword',
      'MSCEP\\PasswordLength',
      'MSCEP\\PasswordMax',
      'MSCEP\\PasswordValidity',
    ]);
    const root = findKey(keys, MSCEP)!;
    for (const name of ['SignatureTemplate', 'EncryptionTemplate', 'GeneralPurposeTemplate']) {
      expect(root.values.get(name.toLowerCase())).toEqual({ name, type: 'REG_SZ', data: 'IPSECIntermediateOffline' });
    }
    // `\\` in the export is one backslash in the value.
    expect(findKey(keys, `${MSCEP}\\CAInfo`)!.values.get('configuration')?.data).toBe('CA03.intra.adcslabor.de\\ADCS Labor Issuing CA 2');
    expect(findKey(keys, `${MSCEP}\\PasswordVDir`)!.values.get('passwordvdir')?.data).toBe('CertSrv/mscep_admin');
    expect(findKey(keys, `${MSCEP}\\EnforcePassword`)!.values.get('enforcepassword')).toEqual({ name: 'EnforcePassword', type: 'REG_DWORD', data: 1 });
    // This export writes the DWORD in upper case (0000003C); it is still hexadecimal.
    expect(findKey(keys, `${MSCEP}\\PasswordValidity`)!.values.get('passwordvalidity')?.data).toBe(60);
  });

  it('reads the one-value ConfigurationStatus export', () => {
    const keys = parseRegistryText(realText('registry/ndes-manual-ConfigurationStatus.reg'));
    expect(keys).toHaveLength(1);
    expect(findKey(keys, 'HKLM\\SOFTWARE\\Microsoft\\ADCS\\NDES')!.values.get('configurationstatus')).toEqual({
      name: 'ConfigurationStatus',
      type: 'REG_DWORD',
      data: 2,
    });
  });
});
