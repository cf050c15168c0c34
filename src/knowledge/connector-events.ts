import type { KnowledgeEntry } from './types.js';

const DOCS = 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-overview';
const NETWORK_DOCS = 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-prerequisites';

type Channel = 'Admin' | 'Operational';

/** Success and progress events share one shape; only the wording differs. */
function info(code: string, name: string, channel: Channel, meaning: string): KnowledgeEntry {
  return {
    kind: 'connector-event',
    code,
    name,
    meaning: `${meaning} (${channel} log.)`,
    causes: ['Normal operation.'],
    fix: 'Nothing to fix.',
    docs: DOCS,
    source: 'microsoft',
  };
}

function failure(code: string, name: string, channel: Channel, meaning: string, causes: string[], fix: string, docs = DOCS): KnowledgeEntry {
  return { kind: 'connector-event', code, name, meaning: `${meaning} (${channel} log.)`, causes, fix, docs, source: 'microsoft' };
}

// The Microsoft page lists event names only; these hints stay at what the name and the connector's
// documented dependencies (Intune service, CA, network) support.
const INTUNE_LINK = [
  'The connector cannot reach the Intune service: proxy settings, firewall, or TLS inspection of *.manage.microsoft.com.',
];
const INTUNE_LINK_FIX =
  'Read the event details, then check that the connector server reaches https://manage.microsoft.com through its proxy without TLS inspection (`Test-NetConnection manage.microsoft.com -Port 443`).';
const CA_SIDE = ['The CA refused or could not process the request; the event details and the CA\'s Failed Requests show its reason.'];
const CA_SIDE_FIX =
  'Read the event details and the CA console Failed Requests; check that the CA is reachable (`certutil -config "<CAHost>\\<CAName>" -ping`) and that the template is published and enrollable by the connector account.';
const RETRY = ['A transient failure; the connector retries.'];
const RETRY_FIX = 'Nothing to do for a single occurrence; if the final-failure event follows, fix what that one reports.';

/**
 * Events of the Certificate Connector for Microsoft Intune (2021+), channels
 * Microsoft-Intune-CertificateConnectors/Admin and /Operational. Ranges: 1000s PKCS, 2000s PKCS
 * import, 3000s revocation, 4000s SCEP, 5000s connector health.
 */
export const CONNECTOR_EVENTS: readonly KnowledgeEntry[] = [
  // PKCS
  {
    ...info('1000', 'PkcsRequestSuccess', 'Admin', 'A PKCS certificate request was processed successfully.'),
    meaning:
      'A PKCS certificate request was processed successfully (Admin log). Not to be confused with Application log event 1000 from source "Application Error", a w3wp.exe crash (see `ndes-doctor explain 503`), nor with the harmless "source Microsoft-Intune-CertificateConnectors cannot be found" message logged when Event Viewer is open during a connector install or upgrade.',
  },
  failure('1001', 'PkcsRequestFailure', 'Admin', 'A PKCS certificate request failed.', [...CA_SIDE, ...INTUNE_LINK], CA_SIDE_FIX),
  info('1002', 'PkcsDownloadSuccess', 'Operational', 'PKCS requests were downloaded from Intune.'),
  failure('1003', 'PkcsDownloadFailure', 'Operational', 'PKCS requests could not be downloaded from Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
  info('1020', 'PkcsDownloadedRequest', 'Operational', 'A PKCS request was downloaded from Intune.'),
  info('1032', 'PkcsDigiCertRequest', 'Operational', 'A PKCS request for the DigiCert PKI platform was handled.'),
  info('1050', 'PkcsIssuedSuccess', 'Operational', 'A PKCS certificate was issued.'),
  failure('1051', 'PkcsIssuedFailedAttempt', 'Operational', 'An attempt to issue a PKCS certificate failed and will be retried.', RETRY, RETRY_FIX),
  failure('1052', 'PkcsIssuedFailure', 'Operational', 'A PKCS certificate could not be issued.', CA_SIDE, CA_SIDE_FIX),
  info('1100', 'PkcsUploadSuccess', 'Operational', 'PKCS results were uploaded to Intune.'),
  failure('1101', 'PkcsUploadFailure', 'Operational', 'PKCS results could not be uploaded to Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
  info('1102', 'PkcsUploadedRequest', 'Operational', 'A PKCS result was uploaded to Intune.'),
  info('1200', 'PkcsRecryptRequestSuccess', 'Admin', 'A PKCS re-encryption request was processed successfully.'),
  failure('1201', 'PkcsRecryptRequestFailure', 'Admin', 'A PKCS re-encryption request failed.', ['See the Operational log events 1202 to 1302 around the same time for the failing step.'], 'Read the event details and the matching Operational events.'),
  info('1202', 'PkcsRecryptDownloadSuccess', 'Operational', 'PKCS re-encryption requests were downloaded from Intune.'),
  failure('1203', 'PkcsRecryptDownloadFailure', 'Operational', 'PKCS re-encryption requests could not be downloaded from Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
  info('1220', 'PkcsRecryptDownloadedRequest', 'Operational', 'A PKCS re-encryption request was downloaded from Intune.'),
  info('1250', 'PkcsRecryptReencryptSuccess', 'Operational', 'A PKCS re-encryption succeeded.'),
  info('1251', 'PkcsRecryptDecryptSuccess', 'Operational', 'A PKCS re-encryption decrypt step succeeded.'),
  failure('1252', 'PkcsRecryptDecryptFailure', 'Operational', 'A PKCS re-encryption decrypt step failed.', ['The event details give the underlying error.'], 'Read the event details.'),
  failure('1253', 'PkcsRecryptReencryptFailure', 'Operational', 'A PKCS re-encryption failed.', ['The event details give the underlying error.'], 'Read the event details.'),
  info('1300', 'PkcsRecryptUploadSuccess', 'Operational', 'PKCS re-encryption results were uploaded to Intune.'),
  failure('1301', 'PkcsRecryptUploadFailure', 'Operational', 'PKCS re-encryption results could not be uploaded to Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
  info('1302', 'PkcsRecryptUploadedRequest', 'Operational', 'A PKCS re-encryption result was uploaded to Intune.'),

  // PKCS imported certificates
  info('2000', 'PkcsImportRequestSuccess', 'Admin', 'PKCS import requests were downloaded from Intune.'),
  failure('2001', 'PkcsImportRequestFailure', 'Admin', 'A PKCS imported-certificate request failed.', ['See the Operational log events 2020 to 2203 around the same time for the failing step.'], 'Read the event details and the matching Operational events.'),
  info('2020', 'PkcsImportDownloadedRequest', 'Operational', 'A PKCS import request was downloaded from Intune.'),
  info('2050', 'PkcsImportReencryptSuccess', 'Operational', 'An imported PKCS certificate was re-encrypted.'),
  failure('2051', 'PkcsImportReencryptFailedAttempt', 'Operational', 'An attempt to re-encrypt an imported PKCS certificate failed and will be retried.', RETRY, RETRY_FIX),
  failure('2052', 'PkcsImportReencryptFailure', 'Operational', 'An imported PKCS certificate could not be re-encrypted.', ['The event details give the underlying error.'], 'Read the event details.'),
  info('2100', 'PkcsImportUploadSuccess', 'Operational', 'PKCS import results were uploaded to Intune.'),
  failure('2101', 'PkcsImportUploadFailure', 'Operational', 'PKCS import results could not be uploaded to Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
  info('2102', 'PkcsImportUploadedRequest', 'Operational', 'A PKCS import result was uploaded to Intune.'),
  info('2202', 'PkcsImportDownloadSuccess', 'Operational', 'PKCS import requests were downloaded from Intune.'),
  failure('2203', 'PkcsImportDownloadFailure', 'Operational', 'PKCS import requests could not be downloaded from Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),

  // Revocation
  // Microsoft describes the two Admin revocation events as the download of revocation requests from Intune.
  info('3000', 'RevokeRequestSuccess', 'Admin', 'Revocation requests were downloaded from Intune.'),
  failure('3001', 'RevokeRequestFailure', 'Admin', 'Revocation requests could not be downloaded from Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
  info('3002', 'RevokeDownloadSuccess', 'Operational', 'Revocation requests were downloaded from Intune.'),
  failure('3003', 'RevokeDownloadFailure', 'Operational', 'Revocation requests could not be downloaded from Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
  info('3020', 'RevokeDownloadedRequest', 'Operational', 'A revocation request was downloaded from Intune.'),
  info('3032', 'RevokeDigicertRequest', 'Operational', 'A revocation request for the DigiCert PKI platform was handled.'),
  info('3050', 'RevokeSuccess', 'Operational', 'A certificate was revoked.'),
  failure('3051', 'RevokeFailure', 'Operational', 'A certificate could not be revoked.', ['The connector account may not revoke on the issuing CA, or the CA is unreachable.'], 'Read the event details; make sure the connector account may revoke on the CA and that the CA is reachable.'),
  failure('3052', 'RevokeFailedAttempt', 'Operational', 'An attempt to revoke a certificate failed and will be retried.', RETRY, RETRY_FIX),
  info('3100', 'RevokeUploadSuccess', 'Operational', 'Revocation results were uploaded to Intune.'),
  failure('3101', 'RevokeUploadFailure', 'Operational', 'Revocation results could not be uploaded to Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
  info('3102', 'RevokeUploadedRequest', 'Operational', 'A revocation result was uploaded to Intune.'),

  // SCEP
  info('4000', 'ScrepRequestSuccess', 'Admin', 'A SCEP request was processed and Intune was notified (the name is spelled this way by Microsoft).'),
  failure(
    '4001',
    'ScepRequestIssuedFailure',
    'Admin',
    'A SCEP request failed and no certificate was issued.',
    ['Challenge verification failed (see Operational event 4005).', 'The CA did not issue the certificate (see Operational event 4007 and NDES event 31).'],
    'Read the event details and the Operational events 4003 to 4010 for the same request; on the NDES side read the Microsoft-Windows-NetworkDeviceEnrollmentService events in the Application log.',
  ),
  failure(
    '4002',
    'ScepRequestUploadFailure',
    'Admin',
    'A SCEP certificate was issued but the connector could not report it to Intune.',
    INTUNE_LINK,
    INTUNE_LINK_FIX,
    NETWORK_DOCS,
  ),
  info('4003', 'ScepRequestReceived', 'Operational', 'The connector received a SCEP request to verify.'),
  info('4004', 'ScepVerifySuccess', 'Operational', 'Intune verified the SCEP request.'),
  failure(
    '4005',
    'ScepVerifyFailure',
    'Operational',
    'The SCEP request could not be verified with Intune.',
    [
      'The challenge had expired (older than 60 minutes).',
      'The CSR does not match the profile, e.g. escaped characters (\\+ \\, \\; \\=) in the subject CN, or a subject variable the device cannot fill.',
      'From connector 6.2510.3.2002 on, a request carrying a certificate extension outside the allowed list (probable; Microsoft documents the block, not this event).',
    ],
    'Read the event details. Quote or remove special characters in the profile\'s subject, use only variables the device supports, and keep the connector up to date.',
  ),
  info('4006', 'ScepIssuedSuccess', 'Operational', 'The CA issued the SCEP certificate.'),
  failure('4007', 'ScepIssuedFailure', 'Operational', 'The CA did not issue the SCEP certificate.', [...CA_SIDE, 'NDES event 31 in the Application log usually names the reason (`ndes-doctor explain 31`).'], CA_SIDE_FIX),
  info('4008', 'ScepNotifySuccess', 'Operational', 'Intune was notified of the issued SCEP certificate.'),
  failure('4009', 'ScepNotifyAttemptFailed', 'Operational', 'An attempt to notify Intune of an issued SCEP certificate failed and will be retried.', RETRY, RETRY_FIX),
  failure('4010', 'ScepNotifySaveToDiskFailed', 'Operational', 'The connector could not save a pending notification to disk.', ['The event details give the underlying error.'], 'Read the event details.'),

  // Connector health
  info('5000', 'HealthMessageUploadSuccess', 'Operational', 'The connector uploaded its health status to Intune.'),
  failure('5001', 'HealthMessageUploadFailedAttempt', 'Operational', 'An attempt to upload the connector\'s health status failed and will be retried.', RETRY, RETRY_FIX),
  failure('5002', 'HealthMessageUploadFailure', 'Operational', 'The connector could not upload its health status to Intune.', INTUNE_LINK, INTUNE_LINK_FIX, NETWORK_DOCS),
];
