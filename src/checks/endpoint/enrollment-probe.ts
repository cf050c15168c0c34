import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import { FAIL_INFO, parseCertRep, PKI_STATUS } from '../../parse/scep-certrep.js';
import { bodyOf, codesFor, DOCS, exchanges, malformed, onTarget, unreachable } from './common.js';

export default defineCheck({
  id: 'NDES-NET-015',
  slug: 'enrollment-probe',
  area: 'endpoint',
  title: 'A SCEP request with a dummy challenge is refused (--probe-enroll)',
  severity: 'critical',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const [e] = exchanges(t, 'pkioperation');
      if (!e) return { status: 'skip', skipReason: 'not-applicable', message: 'Not run: pass --probe-enroll to send a SCEP request with a dummy challenge (it leaves a failed request in the NDES and connector logs).' };
      if (e.error?.code === 'E_NO_RA') return { status: 'skip', skipReason: 'prerequisite', message: `The enrollment probe was ${e.error.message}.` };
      if (!e.response) return unreachable(e, 'send the enrollment probe');
      const source = `${e.request.method} ${e.request.url}`;
      const { status } = e.response;
      if (status !== 200) {
        return fail(
          `PKIOperation answered HTTP ${status}: NDES could not process a SCEP request at all, so real devices fail too.`,
          {
            text: 'Look at the NDES events in the Application log and the connector logs (Microsoft > Intune > CertificateConnectors) at the time of the probe; NDES-NET-001 explains the status.',
            commands: [powershell('Get-WinEvent -FilterHashtable @{LogName="Application"; ProviderName="Microsoft-Windows-NetworkDeviceEnrollmentService"} -MaxEvents 20 | Format-List TimeCreated, Id, Message')],
            docs: DOCS.policyModule,
          },
          { expected: 'HTTP 200 with a CertRep', actual: `HTTP ${status}`, source, ...codesFor(String(status)) },
        );
      }
      let rep;
      try {
        rep = parseCertRep(bodyOf(e));
      } catch (err) {
        return malformed(`PKIOperation from ${t.url} answered 200 with something that is not a SCEP CertRep: ${(err as Error).message}.`);
      }
      const st = PKI_STATUS[rep.pkiStatus as keyof typeof PKI_STATUS] ?? `unknown (${rep.pkiStatus ?? 'absent'})`;
      const info = rep.failInfo ? (FAIL_INFO[rep.failInfo as keyof typeof FAIL_INFO] ?? rep.failInfo) : undefined;
      const evidence = { expected: 'CertRep with pkiStatus FAILURE', actual: `CertRep pkiStatus ${st}${info ? `, failInfo ${info}` : ''}`, source };
      // The failInfo is shown, not judged: NDES refuses a wrong challenge with badMessageCheck, which it gives for other refusals too.
      if (st === 'FAILURE') return pass(`A SCEP request with a dummy challenge was answered with a CertRep and refused (${info ?? 'no failInfo'}): NDES processes SCEP requests and issued nothing for it.`, evidence);
      if (st === 'SUCCESS') {
        return fail(
          'NDES ISSUED A CERTIFICATE for a request with a dummy challenge: challenges are not validated, so anyone who reaches this URL can get certificates.',
          { text: 'Install or repair the Intune policy module (NDES-NET-001), make sure NDES requires a challenge (EnforcePassword), and revoke the probe certificate (subject "ndes-doctor enrollment probe") on the CA: find its serial number, then revoke it (replace <CAHost>\\<CA Name> with the CA NDES uses).', commands: [cmd('certutil -config "<CAHost>\\<CA Name>" -view -restrict "CommonName=ndes-doctor enrollment probe" -out "RequestID,SerialNumber"'), cmd('certutil -config "<CAHost>\\<CA Name>" -revoke <SerialNumber>')], docs: DOCS.policyModule },
          evidence,
        );
      }
      return warn(`The enrollment probe got pkiStatus ${st} instead of FAILURE: requests may wait for manual approval on the CA, which devices do not handle.`, { text: 'Set the SCEP certificate template to issue automatically (no CA manager approval) and check the policy module.', docs: DOCS.policyModule }, evidence);
    }),
});
