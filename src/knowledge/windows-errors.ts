import type { KnowledgeEntry } from './types.js';

// Microsoft's reference tables for the codes below; the meaning is the message Windows prints.
const COM_SECURITY = 'https://learn.microsoft.com/windows/win32/com/com-error-codes-4';
const COMMON_HRESULTS = 'https://learn.microsoft.com/windows/win32/seccrypto/common-hresult-values';
const WIN32_0_499 = 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-';
const WIN32_1300_1699 = 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--1300-1699-';
const WIN32_1700_3999 = 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--1700-3999-';
const NTSTATUS = 'https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55';
const WINHTTP = 'https://learn.microsoft.com/windows/win32/winhttp/error-messages';
const EVENT_31_DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/devices-receive-scep-certificates-error-0x80094800';
const DEVICE_TO_NDES = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';
const HANDLER_ORDER = 'https://learn.microsoft.com/troubleshoot/windows-server/certificates-and-public-key-infrastructure-pki/http-error-500-internal-server-error';
const SCEP_CONFIGURE = 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure';
const IIS_500_19 = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-error-500-19-webpage#hresult-code-0x80070021';

function windowsError(code: string, name: string, meaning: string, causes: string[], fix: string, docs: string, aliases?: string[]): KnowledgeEntry {
  return { kind: 'windows-error', code, name, meaning, causes, fix, docs, source: 'microsoft', ...(aliases && { aliases }) };
}

/**
 * Windows error codes (HRESULTs, Win32 and WinHTTP errors, NTSTATUS) that NDES, the CA, IIS logs
 * and the NDES event texts report, and that ndes-doctor's findings and knowledge texts name.
 * Aliases are the other forms the same code is logged in (IIS writes sc-win32-status in decimal).
 */
export const WINDOWS_ERRORS: readonly KnowledgeEntry[] = [
  windowsError(
    '0x80094800',
    'CERTSRV_E_UNSUPPORTED_CERT_TYPE',
    'The requested certificate template is not supported by this CA. The CA refused a request for a template it does not issue; NDES logs event 31.',
    [
      'A template value in HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP (EncryptionTemplate, GeneralPurposeTemplate, SignatureTemplate) holds the display name instead of the template name, or a misspelt name.',
      'The SCEP template is not published on the issuing CA (not in its Certificate Templates to Issue).',
    ],
    'Compare `reg query HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP` with `certutil -CATemplates` on the CA; put the template name (not the display name) in the registry, publish the template on the CA, then restart the NDES server.',
    EVENT_31_DOC,
    ['2148091904', '-2146875392'],
  ),
  windowsError(
    '0x80094012',
    'CERTSRV_E_TEMPLATE_DENIED',
    'The permissions on the certificate template do not allow the current user to enroll for this type of certificate.',
    [
      'The account NDES submits requests as (the SCEP application pool identity: the NDES service account, or the server\'s computer account for a built-in identity) lacks Read and Enroll on the SCEP template.',
      'A Deny entry on the template applies to that account or one of its groups.',
    ],
    'In the Certificate Templates console (certtmpl.msc) open the SCEP template, Security tab: give the NDES service account Read and Enroll and remove any Deny for it; then restart the NDES server.',
    COM_SECURITY,
    ['2148089874', '-2146877422'],
  ),
  windowsError(
    '0x80070057',
    'E_INVALIDARG',
    'The parameter is incorrect (Win32 ERROR_INVALID_PARAMETER, 87, as an HRESULT). NDES reports it in events 2 and 10 when it cannot start with its configuration or RA certificates.',
    ['NDES could not load or use its RA certificates or its MSCEP registry configuration (see `ndes-doctor explain 2` and `ndes-doctor explain 10`).'],
    'Read the NDES event that carries the code and fix what it names; check the RA certificates in LocalMachine\\My (NDES-TLS-010) and the MSCEP registry values (NDES-MSCEP-001).',
    COMMON_HRESULTS,
    ['2147942487', '-2147024809'],
  ),
  windowsError(
    '0x800706BA',
    'RPC_S_SERVER_UNAVAILABLE',
    'The RPC server is unavailable (Win32 1722 as an HRESULT): NDES or the connector could not reach the CA over RPC/DCOM.',
    [
      'The CA name or host configured for NDES is wrong, or the CA service is stopped.',
      'A firewall between the NDES server and the CA blocks RPC (TCP 135 and the dynamic RPC ports).',
      'Authentication to the CA fails, which RPC also reports this way.',
    ],
    'From the NDES server run `certutil -config "<CAHost>\\<CAName>" -ping`; start the CA service, correct the CA name, or open RPC between the two servers.',
    WIN32_1700_3999,
    ['1722', '2147944122', '-2147023174'],
  ),
  windowsError(
    '0x80004005',
    'E_FAIL',
    'Unspecified failure. NDES event 31 wraps the CA\'s refusal in this code; the event text before it says what the CA objected to.',
    ['Whatever the text of the event that carries it says: for NDES event 31, the CA\'s reason (template, key size, revocation, subject name).'],
    'Read the text of the event that carries the code (`ndes-doctor explain 31`).',
    COMMON_HRESULTS,
    ['2147500037', '-2147467259'],
  ),
  windowsError(
    '0x80070002',
    'ERROR_FILE_NOT_FOUND',
    'The system cannot find the file specified (Win32 ERROR_FILE_NOT_FOUND as an HRESULT).',
    [
      'With NDES event 10: the EnforcePassword value under HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\EnforcePassword is missing.',
      'In the legacy connector\'s setup log ("Site not found"): the Default Web Site was renamed.',
    ],
    'Read the event or log line that carries it: restore the missing registry value (or reinstall the NDES role), or rename the site back to Default Web Site before installing the connector.',
    WIN32_0_499,
    ['2147942402', '-2147024894'],
  ),
  windowsError(
    '0x80090005',
    'NTE_BAD_DATA',
    'Bad data. NDES logs it in event 18 when it cannot decrypt a client\'s PKCS#7 message.',
    ['The client encrypted its request to an RA certificate NDES no longer holds, for example after the RA certificates were renewed and the client kept the old ones.'],
    'Make the client fetch the current RA certificates again (GetCACert) and retry (`ndes-doctor explain 18`).',
    COM_SECURITY,
    ['2148073477', '-2146893819'],
  ),
  windowsError(
    '0x800B0109',
    'CERT_E_UNTRUSTEDROOT',
    'A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.',
    [
      'Intermediate CA certificates sit in LocalMachine\\Root on the NDES server (legacy connector: the policy module\'s call to the Certificate Registration Point fails with 403.16, logged with win32 status 2148204809).',
      'The CA certificate was renewed and the RA certificates chain to a root the devices or the server do not trust.',
    ],
    'Move intermediate CA certificates from LocalMachine\\Root to the Intermediate store (NDES-TLS-011); after a CA renewal, re-issue the RA certificates and make sure the root is trusted.',
    COM_SECURITY,
    ['2148204809', '-2146762487'],
  ),
  windowsError(
    '0xC0000005',
    'STATUS_ACCESS_VIOLATION',
    'Access violation: a process read or wrote memory it may not. In NDES incidents it is the exception code of a w3wp.exe crash (Application log event 1000, source "Application Error", faulting module ntdll.dll) that stops the SCEP application pool.',
    ['Intermediate CA certificates in LocalMachine\\Root, CRL URLs the NDES server cannot reach, or an expired policy-module certificate (see `ndes-doctor explain 503`).'],
    'Fix the cause the HTTP 503 entry lists (`ndes-doctor explain 503`), then restart the SCEP application pool.',
    NTSTATUS,
    ['3221225477', '-1073741819'],
  ),
  windowsError(
    '1346',
    'ERROR_BAD_IMPERSONATION_LEVEL',
    'Either a required impersonation level was not provided, or the provided impersonation level is invalid. IIS logs it as sc-win32-status 1346 with HTTP 500 on mscep.dll.',
    ['The local group IIS_IUSRS lacks the "Impersonate a client after authentication" right, so the SCEP application pool cannot impersonate (see `ndes-doctor explain "500 win32 1346"`).'],
    'Give IIS_IUSRS "Impersonate a client after authentication" (secpol.msc > Local Policies > User Rights Assignment, or the GPO that sets it), then restart the server.',
    WIN32_1300_1699,
    ['0x80070542'],
  ),
  windowsError(
    '12175',
    'ERROR_WINHTTP_SECURE_FAILURE',
    'One or more errors were found in the Secure Sockets Layer (SSL) certificate sent by the server (a WinHTTP error).',
    [
      'The name the client connected to is not in the server certificate\'s Subject Alternative Name (the legacy connector\'s NDES policy module logged `Failed to send http request /CertificateRegistrationSvc/Certificate/VerifyRequest. Error 12175`).',
      'The certificate is expired or does not chain to a trusted root.',
    ],
    'Bind a certificate to the NDES https binding whose SAN lists every name clients use, that is valid now and chains to a trusted root (NDES-TLS-005, NDES-TLS-004).',
    WINHTTP,
  ),
  windowsError(
    '1317',
    'ERROR_NO_SUCH_USER',
    'The specified account does not exist. setspn prints it as `Call to DsGetDcNameWithAccountW failed with return value 0x00000525` followed by `Could not find account <name>`.',
    ['The account named (for ndes-doctor: the SCEP application pool\'s user) does not exist in the domain, is misspelt, or was deleted.'],
    'Check the SCEP application pool identity in IIS Manager (Application Pools > SCEP > Advanced Settings > Identity) and that the account exists: `Get-ADUser <name>` or `net user <name> /domain`.',
    WIN32_1300_1699,
    ['0x00000525', '0x80070525'],
  ),
  windowsError(
    '0x8007054B',
    'ERROR_NO_SUCH_DOMAIN',
    'The specified domain either does not exist or could not be contacted (Win32 1355 as an HRESULT). certutil prints it when it cannot reach a domain controller, for example for -dstemplate.',
    ['The server is not domain joined, or cannot reach a domain controller (DNS, network, secure channel).'],
    'Check domain membership and DC reachability from the NDES server: `nltest /dsgetdc:<domain>` and `Test-ComputerSecureChannel`, then collect again.',
    WIN32_1300_1699,
    ['1355', '2147943755', '-2147023541'],
  ),
  windowsError(
    '0x80092013',
    'CRYPT_E_REVOCATION_OFFLINE',
    'Revocation could not be checked because the revocation server was offline: a CRL or OCSP responder on the chain could not be reached.',
    ['The CDP/AIA locations of the CA or RA certificates cannot be reached from the NDES server or the CA, or a CRL expired.'],
    'Run `certutil -verify -urlfetch <certificate.cer>` for the RA and CA certificates on the NDES server, restore access to the CRL locations and publish a fresh CRL (`certutil -crl` on the CA).',
    DEVICE_TO_NDES,
  ),
  windowsError(
    '0x80094811',
    'CERTSRV_E_KEY_LENGTH',
    'The public key in the request is smaller than the template\'s minimum key size.',
    ['The SCEP profile\'s key size is below the template\'s Minimum key size.'],
    'Raise the key size in the Intune SCEP profile (2048 or more) or lower the template\'s minimum key size.',
    SCEP_CONFIGURE,
  ),
  windowsError(
    '0x80094001',
    'CERTSRV_E_BAD_REQUESTSUBJECT',
    'The request\'s subject name is invalid or too long for the CA.',
    ['The SCEP profile builds a subject longer than 64 characters per component, or with characters the CA refuses.'],
    'Shorten the subject in the SCEP profile, or disable DN length enforcement on the CA (`certutil -setreg ca\\EnforceX500NameLengths 0`, then restart CertSvc).',
    'https://learn.microsoft.com/intune/intune-service/protect/certificates-profile-scep',
  ),
  windowsError(
    '0x800B0114',
    'CERT_E_INVALID_NAME',
    'The certificate has an invalid name: it is not in the permitted list of a name constraint, or explicitly excluded.',
    ['The issuing CA carries name constraints that the requested subject or SAN violates.'],
    'Change the SCEP profile\'s subject/SAN to names the CA hierarchy permits, or adjust the name constraints.',
    SCEP_CONFIGURE,
  ),
  windowsError(
    '0x800700EA',
    'ERROR_MORE_DATA',
    'More data is available. With NDES event 2 after installing NDES on Windows Server 2012, the handler order of the MSCEP applications is wrong.',
    ['The handler mappings of the CertSrv/mscep and mscep_admin applications are not in the order NDES expects.'],
    'Restore the inherited handler order on the MSCEP applications (IIS Manager > Handler Mappings > Revert to Parent), then iisreset.',
    HANDLER_ORDER,
  ),
  windowsError(
    '0x80004003',
    'E_POINTER',
    'Legacy connector: written to NDESConnector\\ConnectionStatus\\IssueDetails when signing in to the connector UI fails.',
    ['The account used to sign in has no Intune license.'],
    'Sign in with an Intune administrator that has an Intune license.',
    'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/ndes-connector-signin-error-80004003',
  ),
  windowsError(
    '0x80070005',
    'E_ACCESSDENIED',
    'Access is denied (Win32 ERROR_ACCESS_DENIED, 5, as an HRESULT). IIS logs it as sc-win32-status 5 when the application pool identity may not read a file or key it needs.',
    [
      'The SCEP application pool identity lacks rights on a file, folder, registry key or private key NDES uses.',
      'A command ndes-doctor runs needed an elevated prompt.',
    ],
    'Find what was denied in the event or log line that carries the code and grant the pool identity (or the account named) the right it needs; run ndes-doctor from an elevated prompt.',
    WIN32_0_499,
    ['5'],
  ),
  windowsError(
    '0x80070021',
    'ERROR_LOCK_VIOLATION',
    'Win32 error 33 as an HRESULT. IIS reports it with HTTP 500.19 when a web.config sets a configuration section that a higher level locks: IIS then refuses every request under that web.config.',
    [
      'A web.config on the NDES path sets a section applicationHost.config locks for it: the authentication sections (overrideModeDefault="Deny"), or a section under a <location overrideMode="Deny"> or allowOverride="false".',
    ],
    'Remove the locked section from that web.config and set it in applicationHost.config (appcmd set config "<site>/<path>" -section:... /commit:apphost), or unlock the section for that path; then iisreset.',
    IIS_500_19,
  ),
  windowsError(
    '0x80072EE7',
    'WININET_E_NAME_NOT_RESOLVED',
    'The server name or address could not be resolved (WinHTTP/WinINet 12007 as an HRESULT). certutil -urlfetch prints it when a CRL, AIA or OCSP host name does not resolve from the NDES server.',
    ['The CRL distribution point or AIA URL names a host that DNS on the NDES server cannot resolve (an internal name, a retired server, a split-horizon DNS gap).'],
    'Resolve the host named in the failing URL from the NDES server (`Resolve-DnsName <host>`); fix DNS, or publish the CRL and CA certificate where the URL in the certificates points.',
    WINHTTP,
    ['12007', 'ERROR_WINHTTP_NAME_NOT_RESOLVED'],
  ),
  windowsError(
    '0x80092010',
    'CRYPT_E_REVOKED',
    'The certificate is revoked.',
    ['The CA revoked the certificate (an RA, TLS or CA certificate), e.g. after a key compromise or when it was superseded.'],
    'Replace the revoked certificate: request new RA certificates (re-run the NDES role configuration or enroll from the RA templates), or bind a new TLS certificate; then restart IIS.',
    COMMON_HRESULTS,
  ),
  windowsError(
    '0x80092012',
    'CRYPT_E_NO_REVOCATION_CHECK',
    'The revocation function was unable to check revocation for the certificate.',
    ['The certificate names no CRL distribution point or OCSP responder, or none of them answered with usable data.'],
    'Run `certutil -verify -urlfetch <certificate.cer>` on the NDES server to see each URL\'s result; publish a reachable CRL (and CDP/AIA extensions on the CA) for certificates it issues.',
    COMMON_HRESULTS,
  ),
  windowsError(
    '0x800B0101',
    'CERT_E_EXPIRED',
    'A required certificate is not within its validity period when verifying against the current system clock or the timestamp in the signed file.',
    ['A certificate in the chain (RA, TLS, issuing or root CA) has expired, or the server clock is wrong.'],
    'Renew the expired certificate (RA certificates: re-enroll from their templates; TLS: bind a renewed certificate) and check the server clock.',
    COMMON_HRESULTS,
  ),
  windowsError(
    '0x800B010A',
    'CERT_E_CHAINING',
    'A certificate chain could not be built to a trusted root authority.',
    ['An intermediate CA certificate is missing from the Intermediate Certification Authorities store, or its AIA URL cannot be reached.'],
    'Import the issuing CA certificates into LocalMachine\\CA on the NDES server (`certutil -addstore CA <issuing-ca.cer>`) and make their AIA URLs reachable.',
    COMMON_HRESULTS,
  ),
];

