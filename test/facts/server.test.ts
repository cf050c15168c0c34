import { describe, expect, it } from 'vitest';
import { FactError } from '../../src/facts/fact.js';
import { FACTS } from '../../src/facts/index.js';
import { factFrom, readFixture } from '../checks/host-facts.js';

describe('serverSystem', () => {
  it('reads a PS 5.1 domain member: FQDN, roles, /Date()/ boot time', () => {
    const s = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' });
    expect(s).toMatchObject({ computerName: 'NDES01', fqdn: 'ndes01.contoso.com', partOfDomain: true, domainRole: 3, productType: 3, version: '10.0.20348', installationType: 'Server' });
    expect(s.lastBootUpTime?.toISOString()).toBe('2026-11-15T06:02:11.000Z');
    // Clock.Utc carries seven fractional digits, as .NET's round-trip format writes them.
    expect(s.collectedAt?.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(s.utcOffsetMinutes).toBe(60);
  });

  it('reads PS 7 output with an ISO boot time and offset', () => {
    const s = factFrom('serverSystem', { 'server.system': 'powershell/system-ps7.json' });
    expect(s.fqdn).toBe('ndes02.corp.fabrikam.com');
    expect(s.lastBootUpTime?.toISOString()).toBe('2026-11-21T06:30:00.500Z');
  });

  it('keeps the host name alone for a workgroup machine (German client)', () => {
    const s = factFrom('serverSystem', { 'server.system': 'powershell/system-client-de.json' });
    expect(s).toMatchObject({ fqdn: 'pc-buchhaltung', partOfDomain: false, domain: 'ARBEITSGRUPPE', installationType: 'Client' });
  });

  // The collector writes each of these, and Windows fills them on every machine: absent, null or empty, the file is damaged.
  const member = JSON.parse(new TextDecoder().decode(readFixture('powershell/system-2022-member.json')).replace(/^\uFEFF/, ''));
  const derive = (json: unknown) =>
    FACTS.serverSystem.derive((id) =>
      id === 'server.system'
        ? { status: 'ok', file: 'server/system.json', bytes: new TextEncoder().encode(JSON.stringify(json)), codePage: 437 }
        : { status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: `no ${id}` },
    );
  const required = [
    ['ComputerSystem', 'DNSHostName'],
    ['ComputerSystem', 'Name'],
    ['ComputerSystem', 'Domain'],
    ['ComputerSystem', 'PartOfDomain'],
    ['ComputerSystem', 'DomainRole'],
    ['OperatingSystem', 'ProductType'],
    ['OperatingSystem', 'Version'],
  ] as const;
  const damaged: [string, string, string | null][] = required.flatMap(([part, prop]) => [
    [part, prop, 'absent'],
    [part, prop, null],
    ...(typeof member[part][prop] === 'string' ? [[part, prop, ''] as [string, string, string]] : []),
  ]);
  it.each(damaged)(
    'rejects %s.%s %j with E_FACT_MALFORMED naming it and the file',
    (part, prop, value) => {
      const section = { ...member[part] };
      if (value === 'absent') delete section[prop];
      else section[prop] = value;
      expect(() => derive({ ...member, [part]: section })).toThrow(expect.objectContaining({ code: 'E_FACT_MALFORMED', message: expect.stringMatching(new RegExp(`^server/system\\.json: .*${part}\\.${prop}\\b`)) }));
    },
  );

  it('rejects an OperatingSystem.Version that is not major.minor.build, which would compare as another Windows', () => {
    for (const Version of ['12345', '10.0', 'Windows Server 2022', '10.0.20348.1'])
      expect(() => derive({ ...member, OperatingSystem: { ...member.OperatingSystem, Version } }), Version).toThrow(/no usable OperatingSystem\.Version/);
    expect(derive({ ...member, OperatingSystem: { ...member.OperatingSystem, Version: '6.3.9600' } }).version).toBe('6.3.9600');
  });

  it('reads the FQDN from DNSHostName, not the NetBIOS Name Windows cuts at 15 characters', () => {
    const s = derive({ ...member, ComputerSystem: { ...member.ComputerSystem, Name: 'NDES-PRODUCTION', DNSHostName: 'ndes-production-01' } });
    expect(s).toMatchObject({ computerName: 'ndes-production-01', netbiosName: 'NDES-PRODUCTION', fqdn: 'ndes-production-01.contoso.com' });
  });

  it('rejects truncated JSON and a PowerShell error text with E_FACT_MALFORMED', () => {
    for (const f of ['powershell/system-truncated.json', 'powershell/system-error.txt']) {
      expect(() => factFrom('serverSystem', { 'server.system': f })).toThrow(FactError);
      try {
        factFrom('serverSystem', { 'server.system': f });
      } catch (e) {
        expect((e as FactError).code).toBe('E_FACT_MALFORMED');
        expect((e as Error).message).toContain(f);
      }
    }
  });
});

describe('windowsFeatures', () => {
  it('indexes features by lower-cased name', () => {
    const f = factFrom('windowsFeatures', { 'server.features': 'powershell/features-complete.json' });
    expect(f.features.get('adcs-device-enrollment')).toEqual({ name: 'ADCS-Device-Enrollment', installed: true });
    expect(f.features.get('adcs-cert-authority')?.installed).toBe(false);
  });

  it('accepts the lone object ConvertTo-Json writes for one feature', () => {
    const f = factFrom('windowsFeatures', { 'server.features': 'powershell/features-single.json' });
    expect([...f.features.values()]).toEqual([{ name: 'ADCS-Cert-Authority', installed: true }]);
  });

  it('rejects an entry whose Installed is not a boolean', () => {
    expect(() => factFrom('windowsFeatures', { 'server.features': 'powershell/features-bad-entry.json' })).toThrow(/Installed/);
  });
});

describe('rebootMarkers', () => {
  it('finds no markers on a clean server (absent keys are facts, not errors)', () => {
    const r = factFrom('rebootMarkers', { 'server.reboot-cbs': 'absent', 'server.reboot-wu': 'absent', 'server.session-manager': 'registry/session-manager-clean.reg' });
    expect(r).toMatchObject({ cbsRebootPending: false, windowsUpdateRebootRequired: false, pendingFileRenames: [] });
  });

  it('reads the CBS key and the REG_MULTI_SZ rename list from hex(7)', () => {
    const r = factFrom('rebootMarkers', { 'server.reboot-cbs': 'registry/reboot-pending-cbs.reg', 'server.reboot-wu': 'absent', 'server.session-manager': 'registry/session-manager-pending.reg' });
    expect(r.cbsRebootPending).toBe(true);
    expect(r.pendingFileRenames).toEqual([
      '\\??\\C:\\Windows\\system32\\spool\\V4Dirs\\1A2B.tmp',
      '\\??\\C:\\Program Files\\Microsoft Intune\\PFXCertificateConnector\\ConnectorSvc\\old.dll',
    ]);
  });

  it('refuses an export of the wrong key instead of reporting "no markers"', () => {
    expect(() =>
      factFrom('rebootMarkers', { 'server.reboot-cbs': 'absent', 'server.reboot-wu': 'absent', 'server.session-manager': 'registry/dotnet-v4-full-48.reg' }),
    ).toThrow(/does not contain the key/);
  });
});
