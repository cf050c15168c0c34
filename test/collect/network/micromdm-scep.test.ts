import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { micromdmAvailable, startScepServer } from '../../helpers/network/micromdm.js';
import { probeAndCheck } from '../../helpers/network/run.js';
import { installed, suiteName } from '../../helpers/requires.js';

// An independent SCEP implementation (micromdm, Debian package), built from source offline.
const PACKAGES = 'golang-go golang-github-micromdm-scep-dev';
const HAS_MICROMDM = installed("micromdm's SCEP server sources and Go", micromdmAvailable(), PACKAGES);

describe.runIf(HAS_MICROMDM)(suiteName("against micromdm's SCEP server", HAS_MICROMDM, PACKAGES), () => {
  let server: Awaited<ReturnType<typeof startScepServer>>;
  let run: Awaited<ReturnType<typeof probeAndCheck>>;
  beforeAll(async () => {
    server = await startScepServer();
    run = await probeAndCheck([`${server.origin}/scep`], { probeEnroll: true }, new Date(server.caIssuedAt.getTime() + 3_600_000));
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  test('GetCACaps is read from a real SCEP server', () => {
    const r = run.byId['NDES-NET-002']!;
    expect(r.status).toBe('pass');
    expect(r.evidence?.details?.['capabilities']).toEqual(expect.arrayContaining(['POSTPKIOperation', 'SHA-256', 'SCEPStandard']));
  });

  test('GetCACert: the single CA certificate is parsed; having no RA certificates is reported as not NDES', () => {
    expect(run.byId['NDES-NET-004']!.status).toBe('pass');
    expect(run.byId['NDES-NET-004']!.message).toMatch(/micromdm test/);
    expect(run.byId['NDES-NET-003']!.status).toBe('fail');
    expect(run.byId['NDES-NET-003']!.message).toMatch(/no RA certificate/);
  });

  test('the long-URL search passes through a Go HTTP server (1 MB header limit)', () => {
    expect(run.byId['NDES-NET-012']!.status).toBe('pass');
  });

  test('mscep_admin is not probed on a non-NDES path, and TLS checks skip on http', () => {
    expect(run.byId['NDES-NET-014']!.status).toBe('skip');
    expect(run.byId['NDES-NET-008']!.status).toBe('skip');
  });

  test('--probe-enroll: the PKCSReq is decrypted and parsed by micromdm, and its wrong challenge refused with a CertRep FAILURE', () => {
    const r = run.byId['NDES-NET-015']!;
    expect(r.status).toBe('pass');
    expect(r.evidence?.actual).toBe('CertRep pkiStatus FAILURE, failInfo badRequest');
    // Refused is all it shows: the failInfo does not tell which step refused the request.
    expect(r.message).toBe('A SCEP request with a dummy challenge was answered with a CertRep and refused (badRequest): NDES processes SCEP requests and issued nothing for it.');
    const sent = run.targets[0]!.exchanges.find((e) => e.purpose === 'pkioperation')!;
    expect(sent.request.method).toBe('POST');
  });
});

describe.runIf(HAS_MICROMDM)(suiteName('against micromdm without a challenge (it signs anything)', HAS_MICROMDM, PACKAGES), () => {
  test('--probe-enroll: a certificate issued for a dummy challenge is a critical failure', async () => {
    const server = await startScepServer(null);
    try {
      const { byId } = await probeAndCheck([`${server.origin}/scep`], { probeEnroll: true, longUrl: false }, new Date(server.caIssuedAt.getTime() + 3_600_000));
      expect(byId['NDES-NET-015']!.status).toBe('fail');
      expect(byId['NDES-NET-015']!.message).toMatch(/ISSUED A CERTIFICATE/);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
