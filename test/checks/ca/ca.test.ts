import { describe, expect, it } from 'vitest';
import reachable from '../../../src/checks/ca/ca-reachable.js';
import enterprise from '../../../src/checks/ca/ca-enterprise.js';
import sameForest from '../../../src/checks/ca/ca-same-forest.js';
import outlives from '../../../src/checks/ca/ca-certificate-outlives-template.js';
import { ctx, factFrom, runCheck } from '../host-facts.js';
import { facts, HEALTHY } from '../mscep/mscep-fixture-facts.js';

const ndesCa = factFrom('ndesCa', { 'registry.mscep': 'registry/mscep-intune.reg' });
const ping = (f: string) => factFrom('caPing', { 'ca.ping': `certutil-ca/${f}` });
const type = (f: string) => factFrom('caType', { 'ca.type': `certutil-ca/${f}` });
const dir = (f: string) => factFrom('caDirectory', { 'ca.enrollment-services': `enrollment-services/${f}` });

describe('NDES-CA-001 ca-reachable', () => {
  it('passes when ICertRequest2 answers', async () => {
    expect((await runCheck(reachable, { ndesCa, caPing: ping('ping-alive-en.txt') })).status).toBe('pass');
  });

  it('fails naming RPC_S_SERVER_UNAVAILABLE and what it means', async () => {
    const o = await runCheck(reachable, { ndesCa, caPing: ping('ping-rpc-unavailable-en.txt') });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('0x800706ba RPC_S_SERVER_UNAVAILABLE: the RPC server is unavailable');
    expect(o.evidence?.codes).toEqual(['0x800706ba', 'RPC_S_SERVER_UNAVAILABLE']);
  });

  it('fails EPT_S_NOT_REGISTERED from German output', async () => {
    const o = await runCheck(reachable, { ndesCa, caPing: ping('ping-endpoint-de-cp850.txt') });
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('EPT_S_NOT_REGISTERED: no RPC endpoint is registered') });
  });

  it('reports E_ACCESS_DENIED as an error, not a broken CA', async () => {
    expect(await runCheck(reachable, { ndesCa, caPing: ping('ping-access-denied-en.txt') })).toMatchObject({ status: 'error', errorCode: 'E_ACCESS_DENIED' });
  });
});

describe('NDES-CA-002 ca-enterprise', () => {
  it('passes Enterprise root and subordinate CAs', async () => {
    expect((await runCheck(enterprise, { ndesCa, caType: type('cainfo-type-enterprise-root-en.txt') })).status).toBe('pass');
    expect((await runCheck(enterprise, { ndesCa, caType: type('cainfo-type-enterprise-sub-de-cp850.txt') })).status).toBe('pass');
  });

  it('fails Standalone CAs, by number', async () => {
    expect(await runCheck(enterprise, { ndesCa, caType: type('cainfo-type-standalone-sub-en.txt') })).toMatchObject({ status: 'fail', message: expect.stringContaining('a Standalone CA (ENUM_STANDALONE_SUBCA)') });
    expect((await runCheck(enterprise, { ndesCa, caType: type('cainfo-type-number-only.txt') })).status).toBe('fail');
  });

  it('errors when certutil -cainfo failed', async () => {
    expect(await runCheck(enterprise, { ndesCa, caType: type('cainfo-type-rpc-en.txt') })).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: expect.stringContaining('RPC_S_SERVER_UNAVAILABLE') });
  });
});

describe('NDES-CA-003 ca-same-forest', () => {
  it('passes when the configured host\\name is a pKIEnrollmentService of the forest', async () => {
    expect((await runCheck(sameForest, { ndesCa, caDirectory: dir('contoso.json') })).status).toBe('pass');
  });

  it('fails when only other CAs are published, listing them', async () => {
    const o = await runCheck(sameForest, { ndesCa, caDirectory: dir('other-ca-only.json') });
    expect(o).toMatchObject({ status: 'fail', evidence: { actual: 'ca.fabrikam.com\\Fabrikam Issuing CA' } });
  });

  it('matches a short host name in the configuration against the published FQDN', async () => {
    const short = { ...ndesCa, host: 'CA01', config: 'CA01\\Contoso Issuing CA 1' };
    expect((await runCheck(sameForest, { ndesCa: short, caDirectory: dir('contoso.json') })).status).toBe('pass');
  });

  it('matches by the CA name alone, and says so, when its AD object has no dNSHostName', async () => {
    expect(await runCheck(sameForest, { ndesCa, caDirectory: dir('host-unset.json') })).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('matched by its CA name alone: its AD object has no dNSHostName, so the host CA01.corp.contoso.com could not be compared'),
      evidence: { actual: '(no dNSHostName)\\Contoso Issuing CA 1' },
    });
    const other = { ...ndesCa, name: 'Contoso Issuing CA 2', config: 'CA01.corp.contoso.com\\Contoso Issuing CA 2' };
    expect((await runCheck(sameForest, { ndesCa: other, caDirectory: dir('host-unset.json') })).status).toBe('fail');
  });
});

describe('NDES-CA-004 ca-certificate-outlives-template', () => {
  const scepTemplates = facts(HEALTHY).scepTemplates;
  // The issuing CA certificate in the fixture is valid until 2039-01-02; IntuneSCEP issues for 1 year (365 days).
  it('passes while the CA certificate outlives the template validity, warns once it does not, fails once it has expired', async () => {
    const run = (now: string) => runCheck(outlives, { ndesCa, caDirectory: dir('contoso.json'), scepTemplates }, { ...ctx, now: new Date(now) });
    expect((await run('2026-11-22T00:00:00Z')).status).toBe('pass');
    expect((await run('2037-12-31T00:00:00Z')).status).toBe('pass');
    expect(await run('2038-01-03T00:00:00Z')).toMatchObject({ status: 'warn', message: expect.stringContaining('ends in 364 days') });
    // Less than a day left is not yet expired; a second past its end is.
    expect(await run('2039-01-01T12:00:00Z')).toMatchObject({ status: 'warn', message: expect.stringContaining('ends in 0 days') });
    expect(await run('2039-01-02T00:00:01Z')).toMatchObject({ status: 'fail', message: expect.stringContaining('expired on 2039-01-02') });
    expect(await run('2039-02-01T00:00:00Z')).toMatchObject({ status: 'fail', message: expect.stringContaining('expired on 2039-01-02') });
  });

  it('errors when the directory has no readable certificate for the CA', async () => {
    const legacy = { ...ndesCa, host: 'ca-old.contoso.com', name: 'Contoso Legacy CA', config: 'ca-old.contoso.com\\Contoso Legacy CA' };
    expect(await runCheck(outlives, { ndesCa: legacy, caDirectory: dir('contoso.json'), scepTemplates })).toMatchObject({ status: 'error' });
  });
});
