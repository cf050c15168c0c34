import { describe, expect, it } from 'vitest';
import { findCaTemplate, parseCaTemplates } from '../../src/parse/certutil-catemplates.js';
import { realText } from '../helpers/real.js';

describe('certutil -config <CA> -CATemplates, real output', () => {
  it('lists each template name and display name and accepts the completion line', () => {
    const templates = parseCaTemplates(realText('certutil/krestfield-catemplates-config.txt'));
    expect(templates).toEqual([
      { name: 'CertdogSubCertAuthority', displayName: 'Certdog Sub Cert Authority' },
      { name: 'CertdogComputer', displayName: 'Certdog Computer' },
      { name: 'CertDog90DayTLS', displayName: 'CertDog 90 Day TLS' },
    ]);
    expect(findCaTemplate(templates, 'certdog90daytls')?.name).toBe('CertDog90DayTLS');
  });
});
