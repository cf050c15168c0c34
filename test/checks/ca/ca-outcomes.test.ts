import { describe, expect, it } from 'vitest';
import outlives from '../../../src/checks/ca/ca-certificate-outlives-template.js';
import enterprise from '../../../src/checks/ca/ca-enterprise.js';
import reachable from '../../../src/checks/ca/ca-reachable.js';
import sameForest from '../../../src/checks/ca/ca-same-forest.js';
import { findEnrollmentService } from '../../../src/checks/ca/common.js';
import { ctx, factFrom, runCheck } from '../host-facts.js';
import { facts, HEALTHY } from '../mscep/mscep-fixture-facts.js';

const ndesCa = factFrom('ndesCa', { 'registry.mscep': 'registry/mscep-intune.reg' });
const unconfigured = factFrom('ndesCa', { 'registry.mscep': 'registry/mscep-dword.reg' });
const ping = (f: string) => factFrom('caPing', { 'ca.ping': `certutil-ca/${f}` });
const type = (f: string) => factFrom('caType', { 'ca.type': `certutil-ca/${f}` });
const dir = (f: string) => factFrom('caDirectory', { 'ca.enrollment-services': `enrollment-services/${f}` });

describe('the CA checks: the words and commands for each answer certutil and the directory gave', () => {
  it.each(['ping-alive-en.txt', 'ping-rpc-unavailable-en.txt', 'ping-endpoint-de-cp850.txt', 'ping-access-denied-en.txt'])('NDES-CA-001 on %s', async (f) => {
    expect(await runCheck(reachable, { ndesCa, caPing: ping(f) })).toMatchSnapshot();
  });

  it.each([
    'cainfo-type-enterprise-root-en.txt',
    'cainfo-type-enterprise-sub-de-cp850.txt',
    'cainfo-type-standalone-sub-en.txt',
    'cainfo-type-number-only.txt',
    'cainfo-type-rpc-en.txt',
  ])('NDES-CA-002 on %s', async (f) => {
    expect(await runCheck(enterprise, { ndesCa, caType: type(f) })).toMatchSnapshot();
  });

  it('NDES-CA-002 names an unknown CA type as such, and a refused -cainfo as access denied', async () => {
    const source = 'ca/cainfo-type.txt';
    const unknown = await runCheck(enterprise, { ndesCa, caType: { result: { ok: true, type: 5, name: 'ENUM_UNKNOWN_CA' }, source } });
    expect(unknown).toMatchObject({ status: 'fail', message: expect.stringMatching(/^CA01\.corp\.contoso\.com\\Contoso Issuing CA 1 is of an unknown type \(ENUM_UNKNOWN_CA\)\. /) });
    const refused = { ok: false as const, exitCode: 5, error: { hresult: '0x80070005', name: 'E_ACCESSDENIED', line: '' }, said: 'Access is denied.' };
    expect(await runCheck(enterprise, { ndesCa, caType: { result: refused, source } })).toMatchObject({ status: 'error', errorCode: 'E_ACCESS_DENIED' });
  });

  it.each(['contoso.json', 'other-ca-only.json'])('NDES-CA-003 on %s', async (f) => {
    expect(await runCheck(sameForest, { ndesCa, caDirectory: dir(f) })).toMatchSnapshot();
  });

  it('each CA check skips, in words, when NDES names no CA', async () => {
    const out = await Promise.all([
      runCheck(reachable, { ndesCa: unconfigured, caPing: ping('ping-alive-en.txt') }),
      runCheck(enterprise, { ndesCa: unconfigured, caType: type('cainfo-type-enterprise-root-en.txt') }),
      runCheck(sameForest, { ndesCa: unconfigured, caDirectory: dir('contoso.json') }),
      runCheck(outlives, { ndesCa: unconfigured, caDirectory: dir('contoso.json'), scepTemplates: facts(HEALTHY).scepTemplates }),
    ]);
    expect(out.map((o) => [o.status, o.message])).toMatchSnapshot();
  });

  it('NDES-CA-004 in each state', async () => {
    const scepTemplates = facts(HEALTHY).scepTemplates;
    const at = (now: string) => runCheck(outlives, { ndesCa, caDirectory: dir('contoso.json'), scepTemplates }, { ...ctx, now: new Date(now) });
    expect(await at('2026-11-22T00:00:00Z')).toMatchSnapshot();
    expect(await at('2038-01-03T00:00:00Z')).toMatchSnapshot();
    expect((await at('2039-02-01T00:00:00Z')).message).toMatchSnapshot();
    const legacy = { ...ndesCa, host: 'ca-old.contoso.com', name: 'Contoso Legacy CA', config: 'ca-old.contoso.com\\Contoso Legacy CA' };
    expect(await runCheck(outlives, { ndesCa: legacy, caDirectory: dir('contoso.json'), scepTemplates })).toMatchSnapshot();
    const noValidity = { ...scepTemplates, refs: scepTemplates.refs.map((r) => ({ ...r, template: r.template && { ...r.template, validity: { status: 'absent' as const } } })) };
    expect((await runCheck(outlives, { ndesCa, caDirectory: dir('contoso.json'), scepTemplates: noValidity })).message).toMatchSnapshot();
  });

  it('NDES-CA-004 measures against the newest CA certificate and the longest template validity, to the day', async () => {
    const scepTemplates = facts(HEALTHY).scepTemplates;
    if (!ndesCa.configured) throw new Error('the fixture configures a CA');
    const service = findEnrollmentService(dir('contoso.json').enrollmentServices, ndesCa.host, ndesCa.name)!;
    const notAfter = Math.max(...service.certificates.map((c) => c.notAfter.getTime()));
    const days = scepTemplates.refs.flatMap((r) => (r.template?.validity.status === 'ok' ? [r.template.validity.value.days] : []));
    const longest = Math.max(...days);
    const at = (daysLeft: number) => runCheck(outlives, { ndesCa, caDirectory: dir('contoso.json'), scepTemplates }, { ...ctx, now: new Date(notAfter - daysLeft * 86_400_000 - 1000) });
    expect((await at(longest + 1)).status).toBe('pass');
    expect(await at(longest)).toMatchObject({ status: 'warn', message: expect.stringContaining(`ends in ${longest} days`) });
    expect(await at(1)).toMatchObject({ status: 'warn', message: expect.stringContaining('ends in 1 days') });
    // A second before its end the CA certificate still issues; a second after, it has expired.
    expect(await at(0)).toMatchObject({ status: 'warn', message: expect.stringContaining('ends in 0 days') });
    expect(await at(-1 / 43_200)).toMatchObject({ status: 'fail', message: expect.stringContaining('expired on') });
    // At notAfter itself the certificate is still valid (RFC 5280: through notAfter, inclusive); a millisecond later it is not.
    const on = (ms: number) => runCheck(outlives, { ndesCa, caDirectory: dir('contoso.json'), scepTemplates }, { ...ctx, now: new Date(notAfter + ms) });
    expect((await on(0)).status).toBe('warn');
    expect((await on(1)).status).toBe('fail');
  });

  it('findEnrollmentService matches a short host by its first label only, and the CA name exactly', () => {
    const services = dir('contoso.json').enrollmentServices;
    const s = services[0]!;
    const [first] = s.dnsHostName.split('.');
    expect(findEnrollmentService(services, first!.toUpperCase(), s.name.toUpperCase())).toBe(s);
    expect(findEnrollmentService(services, `${first}.other.example`, s.name)).toBeUndefined();
    expect(findEnrollmentService(services, s.dnsHostName.split('.').slice(1).join('.'), s.name)).toBeUndefined();
    expect(findEnrollmentService(services, s.dnsHostName, `${s.name} 2`)).toBeUndefined();
  });
});
