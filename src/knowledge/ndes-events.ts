import type { KnowledgeEntry } from './types.js';

const ASKDS_2_10 =
  'https://techcommunity.microsoft.com/t5/ask-the-directory-services-team/ndes-and-the-dreaded-2-amp-10-event-ids-stating-the-parameter-is/ba-p/3906775';
const EVENT_31_DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/devices-receive-scep-certificates-error-0x80094800';
// Microsoft publishes no per-event page for the community-sourced IDs; this is its NDES guidance.
const NDES_GUIDANCE = 'https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2012-R2-and-2012/hh831498(v=ws.11)';

const RA_CERT_CAUSES = [
  'The SCEP application pool identity cannot read the private key of one or both RA certificates (Exchange Enrollment Agent (Offline request) and CEP Encryption).',
  'The RA certificates were not issued by the CA that NDES is configured to use.',
  'The RA certificates, or a CA in their chain, fail revocation checking (CRL unreachable or expired).',
  'The RA certificates have expired.',
];
const RA_CERT_FIX =
  'Check the RA certificates in the local machine store: `Get-ChildItem Cert:\\LocalMachine\\My | Format-List Subject, Issuer, NotAfter, HasPrivateKey`. Give the NDES service account Read on both private keys (certlm.msc > certificate > All Tasks > Manage Private Keys), check the chain with `certutil -verify -urlfetch <file.cer>`, renew expired ones (or reinstall the NDES role), then run `iisreset`.';

/** Application log events from source Microsoft-Windows-NetworkDeviceEnrollmentService. */
export const NDES_EVENTS: readonly KnowledgeEntry[] = [
  {
    kind: 'ndes-event',
    code: '1',
    name: 'NDES started',
    meaning: 'The Network Device Enrollment Service started.',
    causes: ['Normal operation (the SCEP application pool started).'],
    fix: 'Nothing to fix.',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '2',
    name: 'EVENT_MSCEP_FAILED_TO_LOAD',
    meaning: 'NDES could not start; the event carries an error code and text such as `(0x80070057). The parameter is incorrect.` Devices then get HTTP 500 from mscep.dll.',
    causes: [
      ...RA_CERT_CAUSES,
      'With 0x800700EA (More data is available), after installing NDES on Windows Server 2012: the handler mappings of the CertSrv/mscep and mscep_admin applications are not in the order NDES expects; restore the inherited order (IIS Manager > Handler Mappings > Revert to Parent), then iisreset.',
    ],
    fix: RA_CERT_FIX,
    docs: ASKDS_2_10,
    source: 'microsoft',
  },
  {
    kind: 'ndes-event',
    code: '3',
    name: 'NDES stopped',
    meaning: 'The Network Device Enrollment Service stopped.',
    causes: ['The SCEP application pool stopped or recycled.'],
    fix: 'Nothing to fix when the stop was planned; otherwise check the SCEP application pool (`Get-WebAppPoolState SCEP`).',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '4',
    name: 'NDES cannot be stopped',
    meaning: 'The Network Device Enrollment Service could not be stopped; the event carries the error code and text.',
    causes: ['The event\'s error code names the cause; no sources describe it further.'],
    fix: 'Look up the error code in the event text.',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '6',
    name: 'NDES cannot provide its password',
    meaning:
      'NDES could not hand out a challenge password (its password page, /certsrv/mscep_admin): the user asking lacks Enroll permission on the configured template, or the CA does not issue that template. NDES checks the enroll permission of the user it generates a password for (Microsoft\'s INDESPolicy reference); with the Intune policy module, devices use Intune\'s challenge instead of this password.',
    causes: [
      'The requesting account has no Enroll permission on the certificate template configured for NDES.',
      'The template is not published on the CA (not in Certificate Templates to issue).',
    ],
    fix: 'On the CA, give the account Read and Enroll on the template and publish the template (`certutil -CATemplates` lists the published ones).',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '7',
    name: 'NDES cannot return the CA certificates',
    meaning: 'NDES failed to return the CA certificate(s) to a caller (the GetCACert step); the event carries the error code and text.',
    causes: ['The event\'s error code names the cause; RA or CA certificate problems are the first thing to rule out.'],
    fix: 'Look up the error code in the event text and check the RA certificates (`ndes-doctor explain 10`).',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '10',
    name: 'EVENT_MSCEP_FAILED_RA_CERT',
    meaning: 'NDES could not retrieve one of its required certificates (its RA certificates); the event carries an error code such as 0x80070057 (The parameter is incorrect) or 0x80070002 (The system cannot find the file specified).',
    causes: [
      ...RA_CERT_CAUSES,
      'With 0x80070002 (The system cannot find the file specified), a community report adds a cause: the EnforcePassword value under HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\EnforcePassword is missing; restore it (DWORD EnforcePassword, 1: NDES requires a challenge password) if the RA certificates are in order.',
    ],
    fix: RA_CERT_FIX,
    docs: ASKDS_2_10,
    source: 'microsoft',
  },
  {
    kind: 'ndes-event',
    code: '16',
    name: 'EVENT_MSCEP_FAIL_TO_DECODE',
    meaning: 'NDES could not decode the HTTP message a client sent.',
    causes: ['The client sent a malformed or truncated request.'],
    fix: 'Find the matching request in the IIS log (same time, client IP) and check what sits between the device and NDES (proxies that shorten or rewrite long URLs).',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '17',
    name: 'EVENT_MSCEP_FAIL_TO_RETRIEVE_INFO',
    meaning: 'NDES could not read required information (transaction ID, message type or signing certificate) from the client\'s PKCS#7 message.',
    causes: ['The client\'s SCEP message is malformed or incomplete.'],
    fix: 'Check the client\'s SCEP implementation or profile; find the matching request in the IIS log.',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '18',
    name: 'EVENT_MSCEP_FAIL_TO_DECRYPT_INNER',
    meaning: 'NDES could not decrypt the client\'s PKCS#7 message, for example `(0x80090005). Bad Data.`',
    causes: ['The client encrypted its request to a different RA certificate than the one NDES holds now (for example after the RA certificates were renewed).'],
    fix: 'Make the client fetch the current RA certificates again (GetCACert) and retry.',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '29',
    name: 'Challenge password wrong or already used',
    meaning: 'The challenge password in a request was wrong or had already been used.',
    causes: ['The challenge password was mistyped or reused.'],
    fix: 'Obtain a new challenge password and submit the request again.',
    docs: NDES_GUIDANCE,
    source: 'community',
  },
  {
    kind: 'ndes-event',
    code: '31',
    name: 'EVENT_MSCEP_FAIL_SUBMIT',
    meaning: 'NDES could not submit the certificate request to the CA; the event text gives the CA\'s reason, e.g. `The requested certificate template is not supported by this CA.` with 0x80004005. Devices see 0x80094800.',
    causes: [
      'The template name in the MSCEP registry values (EncryptionTemplate, GeneralPurposeTemplate, SignatureTemplate) is wrong (display name instead of template name) or the template is not published on the CA.',
      'The public key in the request is smaller than the template requires.',
      'The CA cannot be reached: `(0x800706ba). The RPC server is unavailable.`',
      'The CA cannot check revocation because the revocation server is offline.',
      'The subject name in the request is invalid or too long, or not allowed by name constraints.',
    ],
    fix: 'Read the reason in the event text. For a template error compare `reg query HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP` with `certutil -CATemplates` on the CA, fix the names, then restart the server (iisreset does not make NDES reread the MSCEP values); for RPC errors test `certutil -config "<CAHost>\\<CAName>" -ping`.',
    docs: EVENT_31_DOC,
    source: 'microsoft',
  },
];
