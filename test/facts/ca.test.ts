import { describe, expect, it } from 'vitest';
import { parseEnrollmentServices } from '../../src/facts/ca.js';
import { factFrom } from '../checks/host-facts.js';

describe('caDirectory', () => {
  it('reads the Enterprise CAs of the forest with their CA certificates', () => {
    const dir = factFrom('caDirectory', { 'ca.enrollment-services': 'enrollment-services/contoso.json' });
    expect(dir.forestRootDomain).toBe('DC=contoso,DC=com');
    expect(dir.enrollmentServices.map((s) => [s.name, s.dnsHostName, s.certificates.length])).toEqual([
      ['Contoso Issuing CA 1', 'CA01.corp.contoso.com', 1],
      ['Contoso Legacy CA', 'ca-old.contoso.com', 0],
    ]);
    expect(dir.enrollmentServices[0]!.certificates[0]!.subject).toBe('CN=Contoso Issuing CA 01, DC=contoso, DC=com');
  });

  it('refuses output without the forest root (RootDSE unreadable)', () => {
    expect(() => factFrom('caDirectory', { 'ca.enrollment-services': 'enrollment-services/no-root.json' })).toThrow(/no ForestRootDomain/);
  });

  // The collector writes the list ([] for none) and each entry's DnsHostName ('' when AD has none).
  it('refuses a file without the EnrollmentServices list, or with null for it, rather than read "no Enterprise CA"', () => {
    expect(() => factFrom('caDirectory', { 'ca.enrollment-services': 'enrollment-services/no-list.json' })).toThrow(/^enrollment-services\/no-list\.json: no EnrollmentServices list/);
    expect(() => parseEnrollmentServices(JSON.stringify({ ForestRootDomain: 'DC=contoso,DC=com', EnrollmentServices: null }))).toThrow(/no EnrollmentServices list/);
  });

  it('reads an empty list as a forest without Enterprise CAs', () => {
    expect(parseEnrollmentServices(JSON.stringify({ ForestRootDomain: 'DC=contoso,DC=com', EnrollmentServices: [] })).enrollmentServices).toEqual([]);
  });

  it('refuses an entry without DnsHostName, naming it', () => {
    expect(() => factFrom('caDirectory', { 'ca.enrollment-services': 'enrollment-services/entry-no-host.json' })).toThrow(
      /^enrollment-services\/entry-no-host\.json: enrollment service 1 \(Contoso Issuing CA 1\) has no DnsHostName/,
    );
  });

  it("reads an empty DnsHostName as an AD object without dNSHostName", () => {
    const dir = factFrom('caDirectory', { 'ca.enrollment-services': 'enrollment-services/host-unset.json' });
    expect(dir.enrollmentServices.map((s) => [s.name, s.dnsHostName, s.certificates.length])).toEqual([['Contoso Issuing CA 1', '', 1]]);
  });
});

describe('ndesCa', () => {
  it('splits the MSCEP CAInfo configuration into host and CA name', () => {
    expect(factFrom('ndesCa', { 'registry.mscep': 'registry/mscep-intune.reg' })).toMatchObject({ configured: true, host: 'CA01.corp.contoso.com', name: 'Contoso Issuing CA 1' });
  });

  it('is "not configured" when the MSCEP key is absent', () => {
    expect(factFrom('ndesCa', { 'registry.mscep': 'absent' })).toMatchObject({ configured: false });
  });
});
