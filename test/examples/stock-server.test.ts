import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findKey, parseRegistryText } from '../../src/parse/registry.js';
import { decodeText } from '../../src/parse/text.js';
import { realText } from '../helpers/real.js';

// examples/healthy stands for a server set up exactly as Microsoft documents; these tests keep it
// from drifting away from what NDES setup really writes.
const example = (path: string) => decodeText(new Uint8Array(readFileSync(new URL(`../../examples/healthy/${path}`, import.meta.url))));

describe('examples/healthy is the stock NDES configuration plus the documented steps only', () => {
  it('applicationHost.config is the real Server 2022 file with only the service account and the https binding changed', () => {
    const real = realText('iis/ndes-manual-ws2022-applicationHost.config');
    const healthy = example('iis/applicationHost.config');
    const undone = healthy
      .replace(
        '<processModel identityType="SpecificUser" userName="CONTOSO\\svc-ndes" password="***" idleTimeout="00:00:00" />',
        '<processModel identityType="ApplicationPoolIdentity" idleTimeout="00:00:00" />',
      )
      .replace('                    <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />\n', '');
    expect(undone).not.toBe(healthy);
    expect(undone).toBe(real);
  });

  it('the MSCEP key has the layout and defaults NDES setup writes; only the templates and the CA differ', () => {
    const layout = (text: string) =>
      parseRegistryText(text).map((k) => [k.path.replace(/^.*\\MSCEP/i, 'MSCEP'), [...k.values.keys()].sort()] as const).sort();
    const real = parseRegistryText(realText('registry/ndes-manual-MSCEP.reg'));
    const healthy = parseRegistryText(example('registry/mscep.reg'));
    expect(layout(example('registry/mscep.reg'))).toEqual(layout(realText('registry/ndes-manual-MSCEP.reg')));
    const MSCEP = 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP';
    for (const key of healthy) {
      if (/\\MSCEP$|\\CAInfo$/i.test(key.path)) continue;
      expect(key.values, key.path).toEqual(findKey(real, key.path)!.values);
    }
    expect(findKey(healthy, MSCEP)!.values.get('encryptiontemplate')?.data).toBe('IntuneSCEP');
  });
});
