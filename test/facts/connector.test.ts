import { describe, expect, it } from 'vitest';
import { compareVersions, describeConnector, parseServices } from '../../src/facts/connector.js';
import { factFrom } from '../checks/host-facts.js';

describe('connectorInstall', () => {
  it('picks the highest version of the current connector across both registry views', () => {
    const c = factFrom('connectorInstall', { 'connector.uninstall': 'registry/uninstall-current.reg', 'connector.uninstall-wow64': 'registry/uninstall-wow64-current-old.reg' });
    expect(c.current).toMatchObject({ displayName: 'Certificate Connector for Microsoft Intune', displayVersion: '6.2510.3.2002', installDate: '20260305' });
    expect(c.legacy).toEqual([]);
  });

  it('finds the legacy connector and no current one', () => {
    const c = factFrom('connectorInstall', { 'connector.uninstall': 'registry/uninstall-legacy.reg', 'connector.uninstall-wow64': 'registry/uninstall-wow64-none.reg' });
    expect(c.current).toBeUndefined();
    expect(c.legacy.map((p) => p.displayVersion)).toEqual(['6.1905.0.404']);
  });

  it('treats a missing WOW6432Node view as empty, but a missing bundle file as an error', () => {
    expect(factFrom('connectorInstall', { 'connector.uninstall': 'registry/uninstall-none.reg', 'connector.uninstall-wow64': 'absent' }).current).toBeUndefined();
    expect(() => factFrom('connectorInstall', { 'connector.uninstall': 'registry/uninstall-none.reg' })).toThrow(/bundle has no/);
  });
});

describe('describeConnector', () => {
  it('gives the version of the current connector, a retired one, or neither', () => {
    const current = factFrom('connectorInstall', { 'connector.uninstall': 'registry/uninstall-current.reg', 'connector.uninstall-wow64': 'registry/uninstall-wow64-current-old.reg' });
    const legacy = factFrom('connectorInstall', { 'connector.uninstall': 'registry/uninstall-legacy.reg', 'connector.uninstall-wow64': 'registry/uninstall-wow64-none.reg' });
    expect(describeConnector(current)).toBe('6.2510.3.2002');
    expect(describeConnector(legacy)).toBe('Microsoft Intune Connector 6.1905.0.404 (retired)');
    expect(describeConnector({ current: current.current, legacy: legacy.legacy })).toBe('6.2510.3.2002; retired Microsoft Intune Connector 6.1905.0.404 still installed');
    expect(describeConnector({ legacy: [] })).toBe('not installed');
  });
});

describe('connectorSettings', () => {
  it('reads feature flag, status and proxy subkeys', () => {
    const s = factFrom('connectorSettings', { 'connector.registry': 'registry/microsoft-intune-broken.reg' });
    expect(s).toMatchObject({ exists: true, proxyServer: 'proxy.contoso.com', proxyUsername: 'CONTOSO\\proxyuser', lastConnectionTime: undefined });
    expect(s.enableScep).toEqual({ name: 'EnableSCEP', type: 'REG_DWORD', data: 0 });
  });

  it('masks a password written into the proxy and keeps the rest as written', () => {
    expect(factFrom('connectorSettings', { 'connector.registry': 'registry/microsoft-intune-proxy-password.reg' }).proxyServer).toBe('http://svc:***@proxy.contoso.com:8080');
  });

  it('reports no current-connector key for a legacy-only install', () => {
    expect(factFrom('connectorSettings', { 'connector.registry': 'registry/microsoft-intune-legacy.reg' }).exists).toBe(false);
  });
});

describe('connectorServices', () => {
  it('maps PS 5.1 enum numbers to names', () => {
    const s = factFrom('connectorServices', { 'connector.services': 'powershell/services-start-pending.json' });
    expect(s.services[0]).toEqual({ name: 'PkiCreateConnectorSvc', status: 'StartPending', startType: 'Automatic' });
  });

  it('accepts enum names (PS 7 -EnumsAsStrings), a lone object and an empty array', () => {
    expect(factFrom('connectorServices', { 'connector.services': 'powershell/services-enum-strings.json' }).services[1]).toEqual({ name: 'PkiRevokeConnectorSvc', status: 'Stopped', startType: 'Disabled' });
    expect(factFrom('connectorServices', { 'connector.services': 'powershell/services-single.json' }).services).toHaveLength(1);
    expect(factFrom('connectorServices', { 'connector.services': 'powershell/services-empty.json' }).services).toEqual([]);
  });

  it('refuses an entry without Status or StartType, or with a value Get-Service never writes, instead of reading it as not running', () => {
    const one = (entry: object) => () => parseServices(JSON.stringify([entry]));
    const name = 'PkiCreateConnectorSvc';
    expect(one({ Name: name, StartType: 2 })).toThrow(/^service PkiCreateConnectorSvc has no Status$/);
    expect(one({ Name: name, Status: null, StartType: 2 })).toThrow(/^service PkiCreateConnectorSvc has Status null, which is not one Get-Service writes$/);
    expect(one({ Name: name, Status: 9, StartType: 2 })).toThrow(/has Status 9, which/);
    expect(one({ Name: name, Status: 4 })).toThrow(/^service PkiCreateConnectorSvc has no StartType$/);
    expect(one({ Name: name, Status: 4, StartType: 'Sometimes' })).toThrow(/has StartType "Sometimes", which/);
    // Every value the enums have, as numbers (5.1) or names, still reads.
    expect(parseServices(JSON.stringify([{ Name: name, Status: 1, StartType: 0 }, { Name: name, Status: '7', StartType: 'manual' }]))).toEqual([
      { name, status: 'Stopped', startType: 'Boot' },
      { name, status: 'Paused', startType: 'Manual' },
    ]);
  });
});

describe('compareVersions', () => {
  it('compares numerically, not as text', () => {
    expect(compareVersions('6.2510.3.2002', '6.2406.0.2002')).toBe(1);
    expect(compareVersions('6.2406.0.1001', '6.2406.0.2002')).toBe(-1);
    expect(compareVersions('10.0', '6.3')).toBe(1);
    expect(compareVersions('6.3', '6.3.0.0')).toBe(0);
  });
});

describe('damaged exports', () => {
  it('reports a truncated uninstall export instead of "no connector"', () => {
    expect(() => factFrom('connectorInstall', { 'connector.uninstall': 'registry/uninstall-truncated.reg', 'connector.uninstall-wow64': 'absent' })).toThrow(/truncated/);
  });
});
