import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaTemplatesParseError, findCaTemplate, parseCaTemplates } from '../../src/parse/certutil-catemplates.js';
import { decodeText } from '../../src/parse/text.js';

const parse = (name: string, codePage?: number) =>
  parseCaTemplates(decodeText(new Uint8Array(readFileSync(new URL(`../fixtures/certutil/${name}`, import.meta.url))), codePage));

describe('certutil -CATemplates', () => {
  it('reads name and display name of each line, whatever follows " -- "', () => {
    const t = parse('catemplates-en.txt');
    expect(t.map((x) => x.name)).toEqual(['IntuneSCEP', 'VPN', 'IPSECIntermediateOffline', 'CEPEncryption', 'EnrollmentAgentOffline', 'Administrator', 'WebServer']);
    expect(t[0]).toEqual({ name: 'IntuneSCEP', displayName: 'Intune SCEP' });
    // The display name may itself hold ": ".
    expect(t[1]).toEqual({ name: 'VPN', displayName: 'Contoso: VPN users' });
    expect(findCaTemplate(t, 'intunescep')?.displayName).toBe('Intune SCEP');
    expect(findCaTemplate(t, 'Intune SCEP')).toBeUndefined();
  });

  it('reads German output in code page 850', () => {
    const t = parse('catemplates-de-cp850.txt', 850);
    expect(t.map((x) => x.name)).toEqual(['IntuneSCEP', 'IPSECIntermediateOffline', 'WebServer']);
    expect(t[1]!.displayName).toBe('IPSec (Offlineanforderung)');
  });

  it('reports certutil failures with their code', () => {
    expect(() => parse('catemplates-failed.txt')).toThrow(/0x800706ba/);
    expect(() => parse('catemplates-no-local-ca.txt')).toThrow(/No local Certification Authority/);
  });

  it('refuses a list without the completion line, which may be cut short', () => {
    expect(() => parse('catemplates-truncated.txt')).toThrow(CaTemplatesParseError);
    expect(() => parseCaTemplates('')).toThrow(/truncated/);
  });

  it('accepts a CA that issues no template at all', () => {
    expect(parseCaTemplates('\r\n\r\nCertUtil: -CATemplates command completed successfully.\r\n')).toEqual([]);
  });
});

describe('certutil -CATemplates, a U+2028 in a line', () => {
  it('is text of the display name, not a line end', () => {
    const [t] = parseCaTemplates('IntuneSCEP: Intune\u2028SCEP -- Auto-Enroll\nCertUtil: -CATemplates command completed successfully.\n');
    expect(t).toMatchObject({ name: 'IntuneSCEP', displayName: 'Intune\u2028SCEP' });
  });
});
