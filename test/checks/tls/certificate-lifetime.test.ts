import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/certificate-lifetime.js';
import { issue, type Issued } from '../../helpers/network/pki.js';
import { boundTo, run } from './tls-facts.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NAME = 'ndes01.contoso.com';
const root = issue({ cn: 'Contoso Root CA', ca: true, notBefore: new Date('2018-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z') });

const leaf = (notBefore: string, lifetimeMs: number, issuer: Issued | null = root) =>
  issue({ cn: NAME, san: [NAME], ...(issuer && { issuer }), notBefore: new Date(notBefore), notAfter: new Date(Date.parse(notBefore) + lifetimeMs) });

describe("NDES-TLS-007: Apple's 825 days, as Apple's Security framework counts them", () => {
  it('accepts 825 days and the hour Apple allows beyond them, and warns one second later', async () => {
    expect((await run(check, boundTo(leaf('2026-01-05T10:00:00Z', 825 * DAY)))).status).toBe('pass');
    const edge = await run(check, boundTo(leaf('2026-01-05T10:00:00Z', 825 * DAY + HOUR)));
    expect(edge).toMatchObject({ status: 'pass', evidence: { actual: expect.stringContaining('825 days 1 h 0 min') } });
    const over = await run(check, boundTo(leaf('2026-01-05T10:00:00Z', 825 * DAY + HOUR + 1_000)));
    expect(over).toMatchObject({ status: 'warn', remediation: { docs: 'https://support.apple.com/103769' } });
    expect(over.message).toMatch(/more than 825 days: iOS\/iPadOS 13 and macOS 10\.15 and later refuse/);
    expect(over.message).toMatch(/Windows and Android are not affected/);
  });

  it('judges a certificate issued from 1 July 2019 on, and not one issued the second before', async () => {
    const tenYears = 3652 * DAY;
    const before = await run(check, boundTo(leaf('2019-06-30T23:59:59Z', tenYears)));
    expect(before).toMatchObject({ status: 'pass', evidence: { actual: expect.stringContaining('issued before 1 July 2019') } });
    const from = await run(check, boundTo(leaf('2019-07-01T00:00:00Z', tenYears)));
    expect(from).toMatchObject({ status: 'warn', evidence: { actual: expect.stringContaining('3652 days') } });
  });

  it('does not limit a self-signed certificate, which devices trust as itself; the same lifetime from a CA warns', async () => {
    const selfSigned = await run(check, boundTo(leaf('2026-01-05T10:00:00Z', 5 * 365 * DAY, null)));
    expect(selfSigned).toMatchObject({ status: 'pass', evidence: { actual: expect.stringContaining('self-signed') } });
    expect((await run(check, boundTo(leaf('2026-01-05T10:00:00Z', 5 * 365 * DAY)))).status).toBe('warn');
  });

  it('the Web Server template\'s 2 years, backdated 10 minutes as a Windows CA does, pass', async () => {
    const o = await run(check, boundTo(leaf('2026-01-05T09:50:00Z', 730 * DAY + 10 * 60_000)));
    expect(o).toMatchObject({ status: 'pass', evidence: { actual: expect.stringContaining('730 days 0 h 10 min') } });
  });
});
