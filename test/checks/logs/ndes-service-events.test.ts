import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/ndes-service-events.js';
import { absent, ctx, ev, events, hoursAgo, missing, NDES } from './logs-fixtures.js';

const run = async (xml: string | typeof missing | typeof absent) => check.run({ applicationLog: await events('applicationLog', xml) } as never, ctx);
const ndes = (id: number, time: number, code = '0x80070057', level = 2) => ev({ provider: NDES, id, level, time, data: [['ErrorCode', code], ['ErrorMessage', 'The parameter is incorrect.']] });

describe('NDES-LOG-005 ndes-service-events', () => {
  it('fails on events 2 and 10 and points at the RA certificate checks', async () => {
    const r = await run(ndes(2, hoursAgo(1)) + ndes(10, hoursAgo(1)));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/NDES event 10 EVENT_MSCEP_FAILED_RA_CERT \(0x80070057 E_INVALIDARG\)/);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-TLS-010', 'NDES-NET-003', 'NDES-NET-005']);
  });

  it('adds the handler order after the RA-certificate fix for event 2 with 0x800700EA', async () => {
    const r = await run(ndes(2, hoursAgo(1), '0x800700ea'));
    expect(r.status !== 'pass' && r.status !== 'skip' && r.status !== 'error' && r.remediation.text).toMatch(/^Check the RA certificates .* With 0x800700EA .*Handler Mappings > Revert to Parent/);
  });

  it('keeps the RA-certificate fix of events 2 and 10 whatever their code, and adds the cause the code points to', async () => {
    // Event 10 as gradenegger.eu quotes it (research/formats.md 6B): "cannot retrieve one of its required certificates (0x80070002).  The system cannot find the file specified."
    const fileNotFound = ev({ provider: NDES, id: 10, level: 2, time: hoursAgo(1), data: [['ErrorCode', '0x80070002'], ['ErrorMessage', ' The system cannot find the file specified.']] });
    const r = await run(fileNotFound);
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/NDES event 10 EVENT_MSCEP_FAILED_RA_CERT \(0x80070002 ERROR_FILE_NOT_FOUND\)/);
    const fix = r.status === 'fail' ? r.remediation.text : '';
    expect(fix).toMatch(/^Check the RA certificates in the local machine store: .*Manage Private Keys.* With 0x80070002 .*community report.*EnforcePassword/);
    expect(fix).not.toMatch(/Default Web Site/);
    // 0x80070057 adds nothing to the RA-certificate fix; another event keeps its code's own fix (18: the client's old RA certificates).
    const invalidArg = await run(ndes(10, hoursAgo(1)));
    expect(invalidArg.status === 'fail' && invalidArg.remediation.text).toMatch(/then run `iisreset`\.$/);
    const badData = await run(ndes(18, hoursAgo(1), '0x80090005'));
    expect(badData.status === 'warn' && badData.remediation.text).toMatch(/^Make the client fetch the current RA certificates again/);
  });

  it('only warns for event 6, a challenge password refused on mscep_admin, which Intune devices do not use', async () => {
    const r = await run(ndes(6, hoursAgo(1)));
    expect(r.status).toBe('warn');
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-TPL-007', 'NDES-TPL-008']);
  });

  it('only warns for decode failures of a client message (event 18)', async () => {
    expect((await run(ndes(18, hoursAgo(1), '0x80090005'))).status).toBe('warn');
  });

  it('reads an NDES or CertEnroll event of another ID as an error at levels 1 and 2 only, not at level 0 (LogAlways, shown as Information)', async () => {
    const certEnroll = (level: number) => ev({ provider: 'Microsoft-Windows-CertificateServicesClient-CertEnroll', id: 13, level, time: hoursAgo(1) });
    expect((await run(ndes(53, hoursAgo(1), '0x80070057', 1))).status).toBe('fail');
    expect((await run(ndes(53, hoursAgo(1), '0x80070057', 2))).status).toBe('fail');
    expect((await run(ndes(53, hoursAgo(1), '0x80070057', 0))).status).toBe('pass');
    expect((await run(ndes(53, hoursAgo(1), '0x80070057', 3))).status).toBe('pass');
    expect((await run(certEnroll(1))).status).toBe('warn');
    expect((await run(certEnroll(0))).status).toBe('pass');
  });

  describe('a failed certificate enrollment (CertEnroll)', () => {
    // Event 13, "Certificate enrollment for %1 failed to enroll for a %2 certificate with request ID %3 from %4 (%5)": the template is %2.
    const enroll = (template: string, time = hoursAgo(1)) =>
      ev({ provider: 'Microsoft-Windows-CertificateServicesClient-CertEnroll', id: 13, level: 2, time, data: ['Local system', template, 'N/A', 'ca01.contoso.com\\Contoso CA', '0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)'] });

    it('warns without the RA wording when it names a template NDES does not use', async () => {
      const r = await run(enroll('Machine'));
      expect(r.status).toBe('warn');
      expect(r.message).toMatch(/event 13\), naming no NDES RA template \(EnrollmentAgentOffline, CEPEncryption\); latest: Local system; Machine;/);
      expect(r.status === 'warn' && r.remediation.text).not.toMatch(/RA and TLS certificates of this server are valid/);
      expect(r.evidence?.details?.corroborates).toBeUndefined();
    });

    it('points at the RA certificates when it names an NDES RA template, by name or display name', async () => {
      const r = await run(enroll('CEPEncryption'));
      expect(r.status).toBe('warn');
      expect(r.message).toMatch(/Enrollment of an NDES RA certificate \(template CEPEncryption\) failed/);
      expect(r.evidence?.details?.corroborates).toEqual(['NDES-TLS-010']);
      expect((await run(enroll('Exchange Enrollment Agent (Offline request)'))).message).toMatch(/template EnrollmentAgentOffline/);
    });

    it('still names the RA template when a later failure of another template carries the same error', async () => {
      const r = await run(enroll('Machine', hoursAgo(1)) + enroll('CEPEncryption', hoursAgo(3)));
      expect(r.message).toMatch(/naming no NDES RA template .*latest: Local system; Machine; .* \| Enrollment of an NDES RA certificate \(template CEPEncryption\) failed/);
      expect(r.evidence?.details?.corroborates).toEqual(['NDES-TLS-010']);
    });
  });

  it('passes when NDES only started, and reports an error when the log could not be read', async () => {
    expect(await run(ev({ provider: NDES, id: 1, time: hoursAgo(3) }))).toMatchObject({ status: 'pass', message: 'No NDES error in the Application log; NDES started 1 time(s).' });
    expect((await run(missing)).status).toBe('error');
  });
});

describe('NDES-LOG-005 without the log', () => {
  it('skips when the Application log was recorded as absent: no evidence either way', async () => {
    expect(await run(absent)).toMatchObject({ status: 'skip', skipReason: 'no-data', message: 'None of the logs that show the NDES events exists on this server.' });
  });
});
