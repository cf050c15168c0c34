import { describe, expect, it } from 'vitest';
import { longUrlAnswer, type Exchange, type RecordedResponse } from '../../src/recordings/probes.js';

const CAPS = Buffer.from('POSTPKIOperation\r\nSHA-256\r\n').toString('base64');
const answer = (status: number, bodyBase64 = CAPS, over: Partial<RecordedResponse> = {}): RecordedResponse => ({ status, headers: {}, bodyBase64, bodyBytes: 1, truncated: false, ...over });
const baseline = answer(200);
const longUrl = (over: Partial<Exchange>): Exchange => ({ purpose: 'long-url', request: { method: 'GET', url: 'https://ndes/x', requestTargetBytes: 65_000 }, timing: { totalMs: 1 }, ...over });

describe('longUrlAnswer', () => {
  it("accepts only GetCACaps' own answer, read whole", () => {
    expect(longUrlAnswer(longUrl({ response: answer(200) }), baseline)).toBe('accepted');
    expect(longUrlAnswer(longUrl({ response: answer(200, Buffer.from('<title>Request Rejected</title>').toString('base64')) }), baseline)).toBe('refused');
    expect(longUrlAnswer(longUrl({ response: answer(200, CAPS, { truncated: true }) }), baseline)).toBe('refused');
  });

  it('takes any other status or a dropped connection as a refusal, a timeout or a body stopped early as nothing', () => {
    expect(longUrlAnswer(longUrl({ response: answer(404, '') }), baseline)).toBe('refused');
    expect(longUrlAnswer(longUrl({ error: { code: 'ECONNRESET', message: 'reset' } }), baseline)).toBe('refused');
    expect(longUrlAnswer(longUrl({ error: { code: 'E_TIMEOUT', message: 'slow' } }), baseline)).toBe('undecided');
    expect(longUrlAnswer(longUrl({ response: answer(200), error: { code: 'E_TIMEOUT', message: 'slow' } }), baseline)).toBe('undecided');
  });

  it('compares bodies only with a 200 baseline to compare with', () => {
    const other = longUrl({ response: answer(200, 'b3RoZXI=') });
    expect(longUrlAnswer(other, undefined)).toBe('accepted');
    expect(longUrlAnswer(other, answer(500, ''))).toBe('accepted');
  });
});
