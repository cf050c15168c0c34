import { describe, expect, it } from 'vitest';
import { CONNECTOR_EVENTS } from '../../src/knowledge/connector-events.js';
import { DIAGNOSTIC_CODES } from '../../src/knowledge/diagnostic-codes.js';
import { HTTP_STATUSES } from '../../src/knowledge/http-statuses.js';
import { KNOWLEDGE, lookupKnowledge, parseHttpStatus } from '../../src/knowledge/index.js';
import { LEGACY_CONNECTOR_EVENTS } from '../../src/knowledge/legacy-connector-events.js';
import { NDES_EVENTS } from '../../src/knowledge/ndes-events.js';
import { KNOWLEDGE_KINDS, KNOWLEDGE_SOURCES, type KnowledgeEntry } from '../../src/knowledge/types.js';
import { WINDOWS_ERRORS } from '../../src/knowledge/windows-errors.js';

const entry = (kind: KnowledgeEntry['kind'], code: string) => {
  const e = KNOWLEDGE.find((x) => x.kind === kind && x.code === code);
  if (!e) throw new Error(`no ${kind} ${code}`);
  return e;
};
const text = (e: KnowledgeEntry) => [e.name, e.meaning, ...e.causes, e.fix].join(' ');

describe('every knowledge entry', () => {
  it.each(KNOWLEDGE.map((e) => [`${e.kind} ${e.code}`, e] as const))('%s is complete', (_, e) => {
    expect(Object.keys(KNOWLEDGE_KINDS)).toContain(e.kind);
    expect(Object.keys(KNOWLEDGE_SOURCES)).toContain(e.source);
    for (const field of [e.code, e.name, e.meaning, e.fix]) expect(field.trim().length).toBeGreaterThan(0);
    expect(e.causes.length).toBeGreaterThan(0);
    for (const cause of e.causes) expect(cause.trim().length).toBeGreaterThan(0);
    const url = new URL(e.docs);
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toMatch(/(^|\.)microsoft\.com$/);
  });

  it('is found again by its own code', () => {
    for (const e of KNOWLEDGE) expect(lookupKnowledge(e.code), `${e.kind} ${e.code}`).toContain(e);
  });

  it('has a unique (kind, code), counting aliases', () => {
    const keys = KNOWLEDGE.flatMap((e) => [e.code, ...(e.aliases ?? [])].map((c) => `${e.kind}:${c.toLowerCase()}`));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('only refers to related codes the catalogue knows', () => {
    for (const e of KNOWLEDGE) {
      for (const r of e.related ?? []) expect(lookupKnowledge(r).map((x) => x.kind), `${e.code} -> ${r}`).toContain('diagnostic-code');
    }
  });

  it('keeps each module to its own kind and code shape', () => {
    const shapes: [readonly KnowledgeEntry[], KnowledgeEntry['kind'], (code: string) => boolean][] = [
      [CONNECTOR_EVENTS, 'connector-event', (c) => /^[1-5]\d{3}$/.test(c)],
      [LEGACY_CONNECTOR_EVENTS, 'legacy-connector-event', (c) => /^[12]0\d{3}$/.test(c)],
      [NDES_EVENTS, 'ndes-event', (c) => /^\d{1,2}$/.test(c)],
      [DIAGNOSTIC_CODES, 'diagnostic-code', (c) => /^0x[0-9A-F]{8}$/.test(c)],
      [HTTP_STATUSES, 'http-status', (c) => parseHttpStatus(c).length === 1],
      [WINDOWS_ERRORS, 'windows-error', (c) => /^0x[0-9A-F]{8}$/.test(c) || /^\d{4,5}$/.test(c)],
    ];
    for (const [list, kind, shape] of shapes) {
      for (const e of list) {
        expect(e.kind).toBe(kind);
        expect(shape(e.code), `${kind} ${e.code}`).toBe(true);
      }
    }
  });
});

// Codes and names as the sources list them (Microsoft's legacy connector event and diagnostic-code
// tables, the Certificate Connector overview's event table), so a missing or misnamed entry fails.
describe('coverage of the sources', () => {
  it('has every legacy connector event with its documented name', () => {
    const documented = {
      '10010': 'StartedConnectorService', '10020': 'StoppedConnectorService', '10100': 'CertificateRenewal_Success',
      '10102': 'CertificateRenewal_Failure', '10302': 'RetrieveCertificate_Error', '10301': 'RetrieveCertificate_Warning',
      '20100': 'PkcsCertIssue_Success', '20102': 'PkcsCertIssue_Failure', '20200': 'RevokeCert_Success', '20202': 'RevokeCert_Failure',
      '20300': 'Upload_Success', '20302': 'Upload_Failure', '20400': 'Download_Success', '20402': 'Download_Failure',
      '20500': 'CRPVerifyMetric_Success', '20501': 'CRPVerifyMetric_Warning', '20502': 'CRPVerifyMetric_Failure',
      '20600': 'CRPNotifyMetric_Success', '20602': 'CRPNotifyMetric_Failure',
    };
    expect(Object.fromEntries(LEGACY_CONNECTOR_EVENTS.map((e) => [e.code, e.name]))).toEqual(documented);
  });

  it('links legacy events to the diagnostic codes the source pairs them with', () => {
    expect(entry('legacy-connector-event', '20502').related).toEqual(['0x00000000', '0x00000408', '0x00000409', '0x00000410', '0x0FFFFFFF']);
    expect(entry('legacy-connector-event', '20501').related).toContain('0x00000411');
    expect(entry('legacy-connector-event', '10102').related).toContain('0x00000405');
  });

  it('has every legacy diagnostic code with its documented name', () => {
    const documented = {
      '0x00000000': 'Success', '0x00000400': 'PKCS_Issue_CA_Unavailable', '0x00000401': 'Symantec_ClientAuthCertNotFound',
      '0x00000402': 'RevokeCert_AccessDenied', '0x00000403': 'CertThumbprint_NotFound', '0x00000404': 'Certificate_NotFound',
      '0x00000405': 'Certificate_Expired', '0x00000408': 'CRPSCEPCert_NotFound', '0x00000409': 'CRPSCEPSigningCert_NotFound',
      '0x00000410': 'CRPSCEPDeserialize_Failed', '0x00000411': 'CRPSCEPChallenge_Expired', '0x0FFFFFFF': 'Unknown_Error',
    };
    expect(Object.fromEntries(DIAGNOSTIC_CODES.map((e) => [e.code, e.name]))).toEqual(documented);
  });

  it('has every Certificate Connector event with its documented name', () => {
    const documented =
      '1000 PkcsRequestSuccess 1001 PkcsRequestFailure 1200 PkcsRecryptRequestSuccess 1201 PkcsRecryptRequestFailure ' +
      '1002 PkcsDownloadSuccess 1003 PkcsDownloadFailure 1020 PkcsDownloadedRequest 1032 PkcsDigiCertRequest 1050 PkcsIssuedSuccess ' +
      '1051 PkcsIssuedFailedAttempt 1052 PkcsIssuedFailure 1100 PkcsUploadSuccess 1101 PkcsUploadFailure 1102 PkcsUploadedRequest ' +
      '1202 PkcsRecryptDownloadSuccess 1203 PkcsRecryptDownloadFailure 1220 PkcsRecryptDownloadedRequest 1250 PkcsRecryptReencryptSuccess ' +
      '1251 PkcsRecryptDecryptSuccess 1252 PkcsRecryptDecryptFailure 1253 PkcsRecryptReencryptFailure 1300 PkcsRecryptUploadSuccess ' +
      '1301 PkcsRecryptUploadFailure 1302 PkcsRecryptUploadedRequest ' +
      '2000 PkcsImportRequestSuccess 2001 PkcsImportRequestFailure 2202 PkcsImportDownloadSuccess 2203 PkcsImportDownloadFailure ' +
      '2020 PkcsImportDownloadedRequest 2050 PkcsImportReencryptSuccess 2051 PkcsImportReencryptFailedAttempt 2052 PkcsImportReencryptFailure ' +
      '2100 PkcsImportUploadSuccess 2101 PkcsImportUploadFailure 2102 PkcsImportUploadedRequest ' +
      '3000 RevokeRequestSuccess 3001 RevokeRequestFailure 3002 RevokeDownloadSuccess 3003 RevokeDownloadFailure 3020 RevokeDownloadedRequest ' +
      '3032 RevokeDigicertRequest 3050 RevokeSuccess 3051 RevokeFailure 3052 RevokeFailedAttempt 3100 RevokeUploadSuccess ' +
      '3101 RevokeUploadFailure 3102 RevokeUploadedRequest ' +
      '4000 ScrepRequestSuccess 4001 ScepRequestIssuedFailure 4002 ScepRequestUploadFailure 4003 ScepRequestReceived 4004 ScepVerifySuccess ' +
      '4005 ScepVerifyFailure 4006 ScepIssuedSuccess 4007 ScepIssuedFailure 4008 ScepNotifySuccess 4009 ScepNotifyAttemptFailed ' +
      '4010 ScepNotifySaveToDiskFailed 5000 HealthMessageUploadSuccess 5001 HealthMessageUploadFailedAttempt 5002 HealthMessageUploadFailure';
    const pairs = documented.split(' ');
    const expected = Object.fromEntries(pairs.flatMap((_, i) => (i % 2 ? [] : [[pairs[i], pairs[i + 1]]])));
    expect(Object.fromEntries(CONNECTOR_EVENTS.map((e) => [e.code, e.name]))).toEqual(expected);
  });

  it('has the NDES Application log events the sources give', () => {
    expect(NDES_EVENTS.map((e) => Number(e.code)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 6, 7, 10, 16, 17, 18, 29, 31]);
    expect(entry('ndes-event', '10').name).toBe('EVENT_MSCEP_FAILED_RA_CERT');
    expect(entry('ndes-event', '31').name).toBe('EVENT_MSCEP_FAIL_SUBMIT');
  });

  it('has the HTTP statuses the troubleshooting guides name for mscep.dll', () => {
    const codes = HTTP_STATUSES.map((e) => e.code);
    for (const c of ['200', '400', '401', '403', '404', '404.14', '404.15', '414', '500', '500 win32 1346', '502', '503', '504']) expect(codes).toContain(c);
  });
});

describe('entries say what the sources say', () => {
  it('0x00000411: expired challenge, device retries with a new one', () => {
    const t = text(entry('diagnostic-code', '0x00000411'));
    expect(t).toMatch(/expired/i);
    expect(t).toMatch(/challenge/i);
    expect(t).toMatch(/60 minutes/);
    expect(t).toMatch(/retr(y|ies)/i);
  });

  it('HTTP 503: the SCEP application pool is stopped or crashing, with the documented causes', () => {
    const e = entry('http-status', '503');
    expect(e.meaning).toMatch(/SCEP application pool/);
    expect(e.meaning).toMatch(/w3wp\.exe/);
    expect(e.causes.join(' ')).toMatch(/Intermediate CA certificates in the Trusted Root store/);
    expect(e.causes.join(' ')).toMatch(/Windows Authentication/);
    expect(e.fix).toMatch(/Get-WebAppPoolState SCEP/);
  });

  it('HTTP 200 on the bare URL means no policy module; 403 is the healthy answer', () => {
    expect(text(entry('http-status', '200'))).toMatch(/policy module/);
    expect(text(entry('http-status', '200'))).toMatch(/iisreset/);
    expect(entry('http-status', '403').name).toMatch(/healthy/i);
  });

  it('500 with win32 1346 is the missing impersonation right of IIS_IUSRS', () => {
    const t = text(entry('http-status', '500 win32 1346'));
    expect(t).toMatch(/IIS_IUSRS/);
    expect(t).toMatch(/Impersonate a client after authentication/);
  });

  it('404.14 and 404.15 point at request filtering limits of 65534', () => {
    expect(text(entry('http-status', '404.14'))).toMatch(/maxUrl/);
    expect(text(entry('http-status', '404.15'))).toMatch(/maxQueryString/);
    for (const c of ['404.14', '404.15', '414']) expect(entry('http-status', c).fix).toMatch(/65534/);
  });

  it('NDES event 31 names the template mismatch and event 10 the RA certificates', () => {
    expect(text(entry('ndes-event', '31'))).toMatch(/template is not supported by this CA/);
    expect(text(entry('ndes-event', '10'))).toMatch(/RA certificates/);
    expect(text(entry('ndes-event', '10'))).toMatch(/private key/);
  });

  it('marks community-only knowledge as such', () => {
    expect(entry('ndes-event', '29').source).toBe('community');
    expect(entry('http-status', '502').source).toBe('community');
    expect(entry('diagnostic-code', '0x00000411').source).toBe('microsoft');
  });
});
