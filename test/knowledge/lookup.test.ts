import { describe, expect, it } from 'vitest';
import { describeCode, lookupKnowledge, parseHttpStatus } from '../../src/knowledge/index.js';

const found = (term: string) => lookupKnowledge(term).map((e) => `${e.kind}:${e.code}`);

describe('lookupKnowledge', () => {
  it.each(['0x00000411', '411', '0x411', '0X411', ' 0x0411 ', 'CRPSCEPChallenge_Expired'])('finds diagnostic code 0x00000411 from %j', (term) => {
    expect(found(term)).toEqual(['diagnostic-code:0x00000411']);
  });

  it('finds the connector event for 1001, labelled by kind', () => {
    expect(found('1001')).toEqual(['connector-event:1001']);
    expect(found('event 1001')).toEqual(['connector-event:1001']);
  });

  it('finds legacy connector events and NDES events by number', () => {
    expect(found('20502')).toEqual(['legacy-connector-event:20502']);
    expect(found('Event ID 31')).toEqual(['ndes-event:31']);
    expect(found('10')).toEqual(['ndes-event:10']);
  });

  it('returns every reading of an ambiguous number, events and statuses before hex codes', () => {
    expect(found('404')).toEqual(['http-status:404', 'diagnostic-code:0x00000404']);
    expect(found('0x404')).toEqual(['diagnostic-code:0x00000404']);
  });

  it.each([
    ['404.15', 'http-status:404.15'],
    ['HTTP 404.15', 'http-status:404.15'],
    ['404 15', 'http-status:404.15'],
    ['404 15 0', 'http-status:404.15'],
    ['404.14', 'http-status:404.14'],
    ['404.99', 'http-status:404'],
    ['403.16', 'http-status:403.16'],
    ['500', 'http-status:500'],
    ['500.0', 'http-status:500'],
    ['500 0 0', 'http-status:500'],
    ['500 1346', 'http-status:500 win32 1346'],
    ['500/1346', 'http-status:500 win32 1346'],
    ['500.0 win32 1346', 'http-status:500 win32 1346'],
    ['500 0 1346', 'http-status:500 win32 1346'],
    ['500 win32 1346', 'http-status:500 win32 1346'],
    ['503', 'http-status:503'],
  ])('reads HTTP status %j as %s', (term, expected) => {
    expect(found(term)).toEqual([expected]);
  });

  it.each([
    ['0x80094800', 'windows-error:0x80094800'],
    ['80094800', 'windows-error:0x80094800'],
    ['CERTSRV_E_UNSUPPORTED_CERT_TYPE', 'windows-error:0x80094800'],
    ['0x80094012', 'windows-error:0x80094012'],
    ['-2146877422', 'windows-error:0x80094012'],
    ['0x80070057', 'windows-error:0x80070057'],
    ['0x800706ba', 'windows-error:0x800706BA'],
    ['win32 1722', 'windows-error:0x800706BA'],
    ['WIN32: 1722', 'windows-error:0x800706BA'],
    ['win32 2', 'windows-error:0x80070002'],
    ['12175', 'windows-error:12175'],
    ['win32 1346', 'windows-error:1346'],
    ['1346', 'windows-error:1346'],
    ['win32 status 2148204809', 'windows-error:0x800B0109'],
    ['0X800b0109', 'windows-error:0x800B0109'],
  ])('finds the Windows error for %j', (term, expected) => {
    expect(found(term)).toEqual([expected]);
  });

  it('accepts both spellings Microsoft uses for Unknown_Error', () => {
    expect(found('0x0FFFFFFF')).toEqual(['diagnostic-code:0x0FFFFFFF']);
    expect(found('0x0FFFFFFFF')).toEqual(['diagnostic-code:0x0FFFFFFF']);
  });

  it.each(['', '   ', 'nonsense', '418', '0x00000406', '99999', '500 1 2 3', '1001.5'])('finds nothing for %j', (term) => {
    expect(lookupKnowledge(term)).toEqual([]);
  });
});

describe('parseHttpStatus', () => {
  it('offers both readings of a lone second number', () => {
    expect(parseHttpStatus('500 1346')).toEqual([
      { status: 500, sub: 1346 },
      { status: 500, win32: 1346 },
    ]);
  });

  it('reads an IIS log triple as status, sub-status, win32 status', () => {
    expect(parseHttpStatus('403 16 2148204809')).toEqual([{ status: 403, sub: 16, win32: 2148204809 }]);
  });

  it('treats a zero sub-status or win32 status as none, as IIS logs them', () => {
    expect(parseHttpStatus('500 0 1346')).toEqual([{ status: 500, win32: 1346 }]);
    expect(parseHttpStatus('403.0')).toEqual([{ status: 403 }]);
  });

  it('rejects what is not a status', () => {
    expect(parseHttpStatus('1001')).toEqual([]);
    expect(parseHttpStatus('40')).toEqual([]);
    expect(parseHttpStatus('404 abc')).toEqual([]);
  });
});

describe('describeCode', () => {
  it('labels known codes with their canonical code and name', () => {
    expect(describeCode('0x411')).toBe('0x00000411 CRPSCEPChallenge_Expired');
    expect(describeCode('4005')).toBe('4005 ScepVerifyFailure');
    expect(describeCode('404.15')).toBe('404.15 Query string too long (IIS request filtering)');
    expect(describeCode('500 0 1346')).toBe('500 win32 1346 Impersonation right missing (IIS_IUSRS)');
  });

  it('prefers the HTTP status over the hex reading of the same digits', () => {
    expect(describeCode('404')).toBe('404 Not Found');
  });

  it('returns undefined for unknown codes', () => {
    expect(describeCode('0xDEADBEEF')).toBeUndefined();
    expect(describeCode('')).toBeUndefined();
  });
});
