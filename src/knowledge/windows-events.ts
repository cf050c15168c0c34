import type { KnowledgeEntry } from './types.js';

const DEVICE_TO_NDES = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';
const VERIFY_REQUEST_500 = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/certificateregistrationsvc-verify-request-error';
const SERVICE_STOP_OPERATIONS = 'https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/cc756337(v=ws.10)';
const RAPID_FAIL = 'https://learn.microsoft.com/iis/configuration/system.applicationhost/applicationpools/add/failure';
const CONNECTOR_PREREQUISITES = 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-prerequisites';

const SERVICES =
  'the Certificate Connector services (PFXCertificateConnectorSvc, PkiCreateConnectorSvc, PfxCreateLegacyConnectorSvc, PkiRevokeConnectorSvc), the legacy NDESConnectorSvc, W3SVC or WAS';

function event(code: string, alias: string, name: string, meaning: string, causes: string[], fix: string, docs: string, source: KnowledgeEntry['source'] = 'microsoft'): KnowledgeEntry {
  return { kind: 'windows-event', code, name, meaning, causes, fix, docs, source, aliases: [alias] };
}

/**
 * Windows events around NDES that ndes-doctor reads from the Application and System logs. Codes
 * name the source with the ID, because IDs repeat across sources (Application Error 1000 is not
 * the connector's 1000).
 */
export const WINDOWS_EVENTS: readonly KnowledgeEntry[] = [
  event(
    'Application Error 1000',
    '1000',
    'Application crash',
    'A process crashed. For w3wp.exe serving the SCEP pool (faulting module ntdll.dll, exception 0xc0000005) devices get 503 until the pool restarts; for a connector executable the connector stops processing requests.',
    [
      'Intermediate CA certificates in LocalMachine\\Root.',
      'CRLs for certificates the connector uses cannot be reached.',
      'Windows Authentication enabled on the legacy CertificateRegistrationSvc application.',
    ],
    'Read the faulting application and module in the event; for w3wp.exe list misplaced roots with `Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject }` and move them to Intermediate Certification Authorities.',
    DEVICE_TO_NDES,
  ),
  event(
    'ASP.NET 1310',
    '1310',
    'ASP.NET configuration or compilation error',
    'ASP.NET reported a configuration error; with event code 3007 ("A compilation error has occurred.") on the legacy CertificateRegistrationSvc, its pool cannot compile and answers 500.',
    ['The CertificateRegistrationSvc application pool identity (for example Network Service) cannot write to C:\\Windows\\Temp.'],
    'Give the pool identity Write on C:\\Windows\\Temp and make sure no policy removes it again.',
    VERIFY_REQUEST_500,
  ),
  event(
    'WAS 5009',
    '5009',
    'Application pool worker process terminated unexpectedly',
    'A process serving an application pool (for NDES, SCEP) terminated unexpectedly; requests in flight fail and repeated crashes make IIS disable the pool.',
    ['The same causes as a w3wp.exe crash (Application Error 1000).', 'Legacy connector: CertificateRegistrationSvc cannot write to C:\\Windows\\Temp (exit code 0x0000374).'],
    'Match the time with Application Error 1000 and ASP.NET 1310 events; fix the cause they name, then start the pool.',
    VERIFY_REQUEST_500,
  ),
  event(
    'WAS 5002',
    '5002',
    'Application pool disabled by rapid-fail protection',
    'IIS disabled an application pool after a series of worker process failures (rapid-fail protection); HTTP.sys then answers 503 (HTTPERR reason AppOffline) until someone starts it.',
    ['The SCEP worker process crashes repeatedly (see WAS 5009 and Application Error 1000).'],
    'Fix the crash first, then start the pool: `%windir%\\system32\\inetsrv\\appcmd.exe start apppool SCEP`.',
    RAPID_FAIL,
    'community',
  ),
  event(
    'Service Control Manager 7031',
    '7031',
    'Service terminated unexpectedly',
    `A service terminated unexpectedly and Service Control Manager took its recovery action. For ${SERVICES} it means requests were not processed while it was down.`,
    ['The service crashed; the Application log around the same time names the error.'],
    'Read the Application log errors of the service at that time; check the service account and its rights (Log on as a service).',
    SERVICE_STOP_OPERATIONS,
  ),
  event(
    'Service Control Manager 7034',
    '7034',
    'Service terminated unexpectedly (no recovery action)',
    `A service terminated unexpectedly, and no recovery action is configured, so it stays stopped. For ${SERVICES} requests are not processed.`,
    ['The service crashed; the Application log around the same time names the error.'],
    'Start the service, read the Application log errors of the service at that time, and set a recovery action (services.msc > Recovery).',
    SERVICE_STOP_OPERATIONS,
  ),
  event(
    'Service Control Manager 7000',
    '7000',
    'Service failed to start',
    `A service failed to start; the event names the Windows error. For ${SERVICES} nothing is processed.`,
    ['The service account password is wrong or expired, or the account lacks Log on as a service.', 'Files of the service are missing (a broken installation or update).'],
    'Read the error in the event; check the service account (`sc.exe qc <service>`) and its password and rights, then start the service.',
    CONNECTOR_PREREQUISITES,
  ),
  event(
    'Service Control Manager 7009',
    '7009',
    'Service did not start in time',
    'Service Control Manager gave up waiting for a service to start (default 30 seconds).',
    ['Connector services wait on the Intune service locator at start; a proxy or TLS inspection problem can hold them in StartPending.'],
    'Check that the server reaches manage.microsoft.com on 443 without TLS inspection, then start the service.',
    CONNECTOR_PREREQUISITES,
    'community',
  ),
  event(
    'Service Control Manager 7023',
    '7023',
    'Service terminated with an error',
    'A service stopped with a Windows error code, named in the event.',
    ['The service hit the error named in the event (often a missing certificate, file or permission).'],
    'Look up the error in the event and the service\'s own log (for connectors, Microsoft-Intune-CertificateConnectors/Admin).',
    SERVICE_STOP_OPERATIONS,
  ),
  event(
    'Service Control Manager 7024',
    '7024',
    'Service terminated with a service-specific error',
    'A service stopped with an error code of its own, named in the event.',
    ['The service reported its own error; its log names it.'],
    'Read the service\'s own log (for connectors, Microsoft-Intune-CertificateConnectors/Admin) at that time.',
    SERVICE_STOP_OPERATIONS,
  ),
  event(
    'Service Control Manager 7038',
    '7038',
    'Service could not log on',
    'A service could not log on with its configured account and password.',
    ['The service account password changed or expired, or the account is locked out or disabled.'],
    'Set the current password on the service (services.msc > Log On) or fix the account, then start the service.',
    CONNECTOR_PREREQUISITES,
  ),
  event(
    'Service Control Manager 7041',
    '7041',
    'Service account lacks Log on as a service',
    'A service could not log on because its account has not been granted the requested logon type: the "Log on as a service" right (SeServiceLogonRight) is missing.',
    ['The connector service account is not granted Log on as a service, or a Group Policy removes the right.'],
    'Grant the account "Log on as a service" (secpol.msc > Local Policies > User Rights Assignment), and check that no Group Policy removes it.',
    CONNECTOR_PREREQUISITES,
  ),
];
