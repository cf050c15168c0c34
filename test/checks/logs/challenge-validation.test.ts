import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/challenge-validation.js';
import { absent, ctx, ev, events, hoursAgo, LEGACY, NDES, ok, textLog } from './logs-fixtures.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/logs/${name}`, import.meta.url)));

async function run(o: { op?: string | ReturnType<typeof ok>; legacy?: string; app?: string; crp?: ReturnType<typeof ok>; plugin?: ReturnType<typeof ok> }) {
  return check.run(
    {
      connectorOperationalLog: await events('connectorOperationalLog', o.op ?? absent),
      legacyConnectorLog: await events('legacyConnectorLog', o.legacy ?? absent),
      applicationLog: await events('applicationLog', o.app ?? ''),
      crpSvclog: await textLog('crpSvclog', o.crp ?? absent),
      ndesPluginLog: await textLog('ndesPluginLog', o.plugin ?? absent),
    } as never,
    ctx,
  );
}

describe('NDES-LOG-003 challenge-validation', () => {
  it('fails on the escaped-character CSR/challenge mismatch and gives the quoting workaround', async () => {
    const r = await run({ op: ok(fixture('connector-operational-uni.xml')) });
    expect(r.status).toBe('warn'); // the fixture's failure is from 2026-11-19 08:20, older than 24 h before NOW
    expect(r.message).toMatch(/4005 ScepVerifyFailure: CSR subject and challenge do not match/);
    expect(r.status !== 'pass' && r.status !== 'skip' && r.status !== 'error' && r.remediation.text).toMatch(/CN="Test User \(TestCompany, LLC\)"/);
    expect(r.status !== 'pass' && r.status !== 'skip' && r.status !== 'error' && r.remediation.docs).toBe('https://learn.microsoft.com/intune/intune-service/protect/certificates-profile-scep');
    const recent = await run({ op: ev({ id: 4005, level: 2, time: hoursAgo(1), data: [['Message', 'Subject Name in CSR CN="a\\+b" and challenge CN=a\\+b do not match']] }) });
    expect(recent.status).toBe('fail');
  });

  it('only warns for expired challenges: devices retry with a new one', async () => {
    const r = await run({ op: ev({ id: 4005, level: 2, time: hoursAgo(1), data: [['Message', 'The challenge has expired']] }) });
    expect(r.status).toBe('warn');
    const legacy = await run({ op: absent as never, legacy: ev({ provider: LEGACY, id: 20501, level: 3, time: hoursAgo(1), data: [['Code', '0x00000411']] }) });
    expect(legacy.status).toBe('warn');
    expect(legacy.evidence?.codes).toEqual(['20501', '0x00000411']);
  });

  it('fails on legacy 20502 with the code\'s meaning, and reads the CRP trace and NDESPlugin.log', async () => {
    const r = await run({ legacy: ev({ provider: LEGACY, id: 20502, level: 2, time: hoursAgo(2), data: [['Code', '0x00000409']] }) });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/0x00000409 CRPSCEPSigningCert_NotFound/);
    const traces = await run({ legacy: '', crp: ok(fixture('crp-csr-mismatch.svclog')), plugin: ok(fixture('ndesplugin.log')) });
    expect(traces.message).toMatch(/CertificateRegistrationPoint.svclog: the CSR subject does not match/);
    expect(traces.message).toMatch(/NDESPlugin.log: the Certificate Registration Point answered 403 Forbidden/);
    expect(traces.evidence?.details?.corroborates).toEqual(['NDES-TLS-011']);
  });

  it('only warns on an undated NDESPlugin.log failure: its lines carry no time, so it may predate the window', async () => {
    // Microsoft's policy-module article: "Verify challenge returns false", then the CRP's 403 page (fixture); no line has a time.
    const plugin = ok(`${new TextDecoder().decode(fixture('ndesplugin.log'))}Verify challenge returns false\r\n`);
    const r = await run({ legacy: '', plugin });
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/NDESPlugin\.log: the Certificate Registration Point rejected the challenge .* \(×1, undated\)/);
    expect(r.message).toMatch(/When is unknown: the log gives these records no time/);
    // A dated failure within 24 h beside them still fails.
    const dated = await run({ legacy: ev({ provider: LEGACY, id: 20502, level: 2, time: hoursAgo(2), data: [['Code', '0x00000408']] }), plugin });
    expect(dated.status).toBe('fail');
  });

  it('gives a current connector\'s 4005 signing-certificate failure the current connector\'s fix; legacy events keep the legacy one', async () => {
    // The text Microsoft's policy-module article quotes for the failure.
    const text = 'Signing certificate could not be retrieved. System.Security.Cryptography.CryptographicException: m_safeCertContext is an invalid handle.';
    const r = await run({ op: ev({ id: 4005, level: 2, time: hoursAgo(1), data: [['Message', text]] }) });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/4005 ScepVerifyFailure: signing certificate missing/);
    const fix = r.status === 'fail' ? r.remediation.text : '';
    expect(fix).toMatch(/EncryptionCertThumbprint names under HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector/);
    expect(fix).toMatch(/Restart-Service PFXCertificateConnectorSvc, PkiCreateConnectorSvc/);
    expect(fix).not.toMatch(/Restart-Service NDESConnectorSvc|MicrosoftIntune\\NDESConnector has/);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-TLS-012']);
    const legacy = await run({ legacy: ev({ provider: LEGACY, id: 20502, level: 2, time: hoursAgo(1), data: [['Code', '0x00000409']] }) });
    expect(legacy.status === 'fail' && legacy.remediation.text).toMatch(/MicrosoftIntune\\NDESConnector has SigningCertificate, restart the Intune Connector Service \(`Restart-Service NDESConnectorSvc`\)/);
  });

  it('warns on NDES event 29', async () => {
    expect((await run({ op: '', app: ev({ provider: NDES, id: 29, level: 2, time: hoursAgo(1) }) })).status).toBe('warn');
  });

  it('passes with the count of verified requests, and is not applicable without a connector log', async () => {
    const r = await run({ op: ev({ id: 4004, time: hoursAgo(1) }) + ev({ id: 4004, time: hoursAgo(2) }) });
    expect(r).toMatchObject({ status: 'pass', message: expect.stringMatching(/2 request\(s\) verified/) });
    expect(await run({})).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });

  it('skips, not passes, when no request reached challenge validation; one received request is enough to judge', async () => {
    const health = ev({ id: 5000, time: hoursAgo(1) });
    expect(await run({ op: health })).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    expect((await run({ op: health + ev({ id: 4003, time: hoursAgo(1) }) })).status).toBe('pass');
    expect((await run({ op: health, plugin: ok('2026-11-20 10:00:00 Verify challenge returns true\r\n') })).status).toBe('pass');
  });

  it('does not pass on an undated NDESPlugin.log success alone: it may predate the window', async () => {
    // Microsoft's policy-module article: the healthy lines, none with a time.
    const plugin = ok('Calling VerifyRequest ...\r\nSending request to certificate registration point.\r\nVerify challenge returns true\r\nExiting VerifyRequest with 0x0\r\n');
    const r = await run({ op: ev({ id: 5000, time: hoursAgo(1) }), plugin });
    expect(r).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    expect(r.message).toMatch(/"Verify challenge returns true" lines carry no time, so they may be older than the log window/);
  });
});
