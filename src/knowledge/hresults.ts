import type { KnowledgeEntry } from './types.js';

const EVENT_31_DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/devices-receive-scep-certificates-error-0x80094800';
const SCEP_CONFIGURE = 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure';
const ASKDS_2_10 =
  'https://techcommunity.microsoft.com/t5/ask-the-directory-services-team/ndes-and-the-dreaded-2-amp-10-event-ids-stating-the-parameter-is/ba-p/3906775';
const POLICY_MODULE = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-ndes-policy-module';
const DEVICE_TO_NDES = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';
const HANDLER_ORDER = 'https://learn.microsoft.com/troubleshoot/windows-server/certificates-and-public-key-infrastructure-pki/http-error-500-internal-server-error';
const RPC_UNAVAILABLE = 'https://learn.microsoft.com/troubleshoot/windows-server/certificates-and-public-key-infrastructure-pki/error-0x800706ba-certificate-enrollment';

function hresult(code: string, name: string, meaning: string, causes: string[], fix: string, docs: string, source: KnowledgeEntry['source'] = 'microsoft'): KnowledgeEntry {
  return { kind: 'hresult', code, name, meaning, causes, fix, docs, source };
}

/**
 * HRESULTs that NDES, the CA and the connectors write into their events (NDES events 2, 10, 31,
 * connector event details) and that reach devices.
 */
export const HRESULTS: readonly KnowledgeEntry[] = [
  hresult(
    '0x80094800',
    'CERTSRV_E_UNSUPPORTED_CERT_TYPE',
    'The CA does not issue the requested certificate template ("The requested certificate template is not supported by this CA."). NDES logs event 31 with this text and the generic 0x80004005; the CA lists the request under Failed Requests.',
    [
      'The MSCEP registry values (SignatureTemplate, EncryptionTemplate, GeneralPurposeTemplate) hold a display name or a misspelled name instead of the template name.',
      'The template is not published on the CA (not in Certificate Templates to issue).',
    ],
    'Compare `reg query HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP` with `certutil -CATemplates` on the CA, set the template name (not the display name), publish the template if needed, then restart the server.',
    EVENT_31_DOC,
  ),
  hresult(
    '0x80094012',
    'CERTSRV_E_TEMPLATE_DENIED',
    'The template\'s permissions do not let the requester enroll ("The permissions on the certificate template do not allow the current user to enroll for this type of certificate."). For SCEP the requester is the NDES service account.',
    ['The NDES service account lacks Read and Enroll on the SCEP template, or is denied Enroll.'],
    'On the template\'s Security tab give the NDES service account Read and Enroll (and remove any Deny), then retry.',
    SCEP_CONFIGURE,
  ),
  hresult(
    '0x800706BA',
    'RPC_S_SERVER_UNAVAILABLE',
    'The CA could not be reached over RPC/DCOM ("The RPC server is unavailable."; WIN32 1722). NDES cannot submit requests (event 31).',
    [
      'The CA name in MSCEP\\CAInfo (or the connector\'s CA setting) is wrong, or the CA service is stopped.',
      'A firewall blocks RPC (TCP 135 and the dynamic range) between NDES and the CA.',
      'Authentication to the CA fails, for example after DCOM hardening (KB5004442) when the NDES server is not patched.',
    ],
    'Test with `certutil -config "<CAHost>\\<CAName>" -ping` from the NDES server, check the CA service, the firewall and that both servers have current updates.',
    RPC_UNAVAILABLE,
  ),
  hresult(
    '0x80092013',
    'CRYPT_E_REVOCATION_OFFLINE',
    'Revocation could not be checked because the revocation server was offline: a CRL or OCSP responder on the chain could not be reached.',
    ['The CDP/AIA locations of the CA or RA certificates cannot be reached from the NDES server or the CA, or a CRL expired.'],
    'Run `certutil -verify -urlfetch <certificate.cer>` for the RA and CA certificates on the NDES server, restore access to the CRL locations and publish a fresh CRL (`certutil -crl` on the CA).',
    DEVICE_TO_NDES,
  ),
  hresult(
    '0x80094811',
    'CERTSRV_E_KEY_LENGTH',
    'The public key in the request is smaller than the template\'s minimum key size.',
    ['The SCEP profile\'s key size is below the template\'s Minimum key size.'],
    'Raise the key size in the Intune SCEP profile (2048 or more) or lower the template\'s minimum key size.',
    SCEP_CONFIGURE,
  ),
  hresult(
    '0x80094001',
    'CERTSRV_E_BAD_REQUESTSUBJECT',
    'The request\'s subject name is invalid or too long for the CA.',
    ['The SCEP profile builds a subject longer than 64 characters per component, or with characters the CA refuses.'],
    'Shorten the subject in the SCEP profile, or disable DN length enforcement on the CA (`certutil -setreg ca\\EnforceX500NameLengths 0`, then restart CertSvc).',
    'https://learn.microsoft.com/intune/intune-service/protect/certificates-profile-scep',
  ),
  hresult(
    '0x800B0114',
    'CERT_E_INVALID_NAME',
    'The certificate has an invalid name: it is not in the permitted list of a name constraint, or explicitly excluded.',
    ['The issuing CA carries name constraints that the requested subject or SAN violates.'],
    'Change the SCEP profile\'s subject/SAN to names the CA hierarchy permits, or adjust the name constraints.',
    SCEP_CONFIGURE,
  ),
  hresult(
    '0x80004005',
    'E_FAIL',
    'Unspecified error. NDES event 31 writes it next to the CA\'s own reason text, which is the part to read.',
    ['See the reason text in the same event.'],
    'Read the reason text of the event (ndes-doctor names the code when the text is a known English CA message).',
    EVENT_31_DOC,
  ),
  hresult(
    '0x80070057',
    'E_INVALIDARG',
    'The parameter is incorrect. With NDES events 2 and 10 it means NDES could not use its RA certificates.',
    [
      'The SCEP application pool identity cannot read the private keys of the RA certificates.',
      'The RA certificates were not issued by the CA NDES is configured for, fail revocation, or expired.',
    ],
    'Check the RA certificates and give the NDES service account Read on their private keys (`ndes-doctor explain 10`), then `iisreset`.',
    ASKDS_2_10,
  ),
  hresult(
    '0x80070002',
    'ERROR_FILE_NOT_FOUND',
    'The system cannot find the file specified. With NDES event 10 it can mean a missing MSCEP registry value.',
    ['HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\EnforcePassword\\EnforcePassword is missing.', 'An RA certificate or its key is missing.'],
    'Check the MSCEP registry key and the RA certificates; reinstall the NDES role if they are gone.',
    ASKDS_2_10,
    'community',
  ),
  hresult(
    '0x800700EA',
    'ERROR_MORE_DATA',
    'More data is available. With NDES event 2 after installing NDES on Windows Server 2012, the handler order of the MSCEP applications is wrong.',
    ['The handler mappings of the CertSrv/mscep and mscep_admin applications are not in the order NDES expects.'],
    'Restore the inherited handler order on the MSCEP applications (IIS Manager > Handler Mappings > Revert to Parent), then iisreset.',
    HANDLER_ORDER,
  ),
  hresult(
    '0x80090005',
    'NTE_BAD_DATA',
    'Bad data. With NDES event 18, NDES could not decrypt the client\'s PKCS#7 message.',
    ['The client encrypted its request to an RA certificate NDES no longer holds (RA certificates renewed).'],
    'Make the client fetch the RA certificates again (GetCACert) and retry.',
    DEVICE_TO_NDES,
    'community',
  ),
  hresult(
    '0x800B0109',
    'CERT_E_UNTRUSTEDROOT',
    'A certificate chain terminated in a root certificate that is not trusted. The IIS log shows it as win32 status 2148204809 with 403.16 on the legacy VerifyRequest call.',
    ['Intermediate CA certificates sit in LocalMachine\\Root, or the root is missing.'],
    'Move intermediate CA certificates from Trusted Root Certification Authorities to Intermediate Certification Authorities: `Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject }`.',
    POLICY_MODULE,
  ),
  hresult(
    '0x80004003',
    'E_POINTER',
    'Legacy connector: written to NDESConnector\\ConnectionStatus\\IssueDetails when signing in to the connector UI fails.',
    ['The account used to sign in has no Intune license.'],
    'Sign in with an Intune administrator that has an Intune license.',
    'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/ndes-connector-signin-error-80004003',
  ),
];
