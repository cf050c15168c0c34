import { describe, expect, it } from 'vitest';
import { configuredTemplateNames, mscepFacts } from '../../src/facts/mscep.js';
import { stringValue, subkey } from '../../src/facts/registry-tree.js';
import { facts, HEALTHY, reader } from '../checks/mscep/mscep-fixture-facts.js';

describe('mscepRegistry', () => {
  it('reads the template values and the same-named values in subkeys of a UTF-16LE export', () => {
    const tree = facts(HEALTHY).mscepRegistry;
    expect(tree.exists).toBe(true);
    expect([...configuredTemplateNames(tree)]).toEqual([
      ['SignatureTemplate', 'IntuneSCEP'],
      ['EncryptionTemplate', 'IntuneSCEP'],
      ['GeneralPurposeTemplate', 'IntuneSCEP'],
    ]);
    expect(stringValue(subkey(tree, 'CAInfo'), 'Configuration')).toBe('CA01.corp.contoso.com\\Contoso Issuing CA 1');
  });

  it('reads `reg query /s` text as well', () => {
    const tree = facts({ 'registry.mscep': 'registry/mscep-query.txt' }).mscepRegistry;
    expect(configuredTemplateNames(tree).get('GeneralPurposeTemplate')).toBe('IPSECIntermediateOffline');
    expect(stringValue(subkey(tree, 'cainfo'), 'configuration')).toBe('CA01.corp.contoso.com\\Contoso Issuing CA 1');
  });

  it('leaves a non-string template value out of the configured names', () => {
    const names = configuredTemplateNames(facts({ 'registry.mscep': 'registry/mscep-dword.reg' }).mscepRegistry);
    expect(names.has('EncryptionTemplate')).toBe(false);
    expect(names.get('SignatureTemplate')).toBe('IntuneSCEP');
  });

  it('treats an absent key as a fact, and a missing file as an error', () => {
    expect(facts({ 'registry.mscep': null }).mscepRegistry.exists).toBe(false);
    expect(() => facts({}).mscepRegistry).toThrow(/the bundle has no registry\/mscep.reg/);
  });
});

describe('scepTemplates', () => {
  it('groups the values naming one template and resolves it by name', () => {
    const { refs } = facts(HEALTHY).scepTemplates;
    expect(refs).toHaveLength(1);
    expect(refs[0]!.values).toEqual(['SignatureTemplate', 'EncryptionTemplate', 'GeneralPurposeTemplate']);
    expect(refs[0]!.template?.displayName).toBe('Intune SCEP');
  });

  it('leaves the NDES default out and tells a display name from an unknown name', () => {
    const { refs } = facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-display-name.reg' }).scepTemplates;
    expect(refs.map((r) => [r.configured, r.template?.name, r.byDisplayName?.name])).toEqual([
      ['NoSuchTemplate', undefined, undefined],
      ['IntuneSCEP', 'IntuneSCEP', undefined],
      ['Intune SCEP', undefined, 'IntuneSCEP'],
    ]);
    expect(facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-default.reg' }).scepTemplates.refs).toEqual([]);
  });

  it('fails with the parser message when the template dump is unusable', () => {
    expect(() => mscepFacts.scepTemplates.derive(reader({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-failed.txt' }))).toThrow(
      /certutil\/dstemplate.txt: certutil reported a failure: CertUtil: -dsTemplate command FAILED: 0x8007054b/,
    );
  });
});
