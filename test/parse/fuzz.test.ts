/**
 * Every parser, fed truncated, mutated, foreign-encoded, enormous and random input, returns a
 * result or throws its typed ParseError: nothing else escapes (no TypeError, no stack overflow).
 * Fixed seed and a bounded number of runs, so `npm test` is repeatable; time budgets at cap size
 * are checked by `npm run bench`, not here. Inputs that once broke a parser are kept in
 * test/fixtures/fuzz/ and replayed below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseTarget, parseTargetsFile } from '../../src/collect/network/targets.js';
import { BundleError, parseManifest } from '../../src/collect/manifest.js';
import { parseCaSecurity } from '../../src/parse/ca-security.js';
import { parseCertStoreJson } from '../../src/parse/cert-store.js';
import { parseCaTemplates } from '../../src/parse/certutil-catemplates.js';
import { parseCertutilTemplates } from '../../src/parse/certutil-dstemplate.js';
import { ParseError } from '../../src/parse/errors.js';
import { parseApplicationHost, parseAppcmdAppPools, parseWebConfig } from '../../src/parse/iis-config.js';
import { parseNetshSslcert } from '../../src/parse/netsh-sslcert.js';
import { parsePsJson, psDate, psEnum } from '../../src/parse/powershell-json.js';
import { parseProbeFile } from '../../src/parse/probe-recording.js';
import { parseRegistryText } from '../../src/parse/registry.js';
import { parseCertRep } from '../../src/parse/scep-certrep.js';
import { classifyScepCertificates, parsePkcs7Certificates } from '../../src/parse/scep-certs.js';
import { classifyAdminPage, classifyRefusal, parseCaps } from '../../src/parse/scep-response.js';
import { checkAccess, parseSecurityDescriptor } from '../../src/parse/security-descriptor.js';
import { parseSetspnList } from '../../src/parse/setspn.js';
import { decodeText } from '../../src/parse/text.js';
import { describeCertificate } from '../../src/parse/x509.js';

const SEED = Number(process.env.FUZZ_SEED) || 20_261_120;
const RUNS = Number(process.env.FUZZ_RUNS) || 150;
const root = fileURLToPath(new URL('../../', import.meta.url));
const files = (dir: string, filter = (_: string) => true) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((e) => e.isFile() && filter(e.name) && !e.name.endsWith('.md') && !e.name.endsWith('.mjs'))
    .map((e) => new Uint8Array(readFileSync(join(root, dir, e.name))));
const base64Fields = (bytes: Uint8Array, field: string) =>
  [...decodeText(bytes).matchAll(new RegExp(`"${field}":\\s*"([A-Za-z0-9+/=]+)"`, 'gi'))].map((m) => new Uint8Array(Buffer.from(m[1]!, 'base64')));
const probes = files('examples/healthy/network').concat(files('examples/broken/network'));
/** Real DER: certificates from the cert-store fixtures, and the GetCACert PKCS#7 bodies NDES answered in the example recordings. */
const DER = files('test/fixtures/certs', (f) => f.endsWith('.json'))
  .flatMap((b) => base64Fields(b, 'rawData'))
  .concat(probes.flatMap((b) => base64Fields(b, 'bodyBase64')).filter((b) => b[0] === 0x30));

type Input = Uint8Array;
interface Subject {
  seeds: Input[];
  run: (bytes: Input) => unknown;
  /** The error type this parser may throw. */
  typed: abstract new (...args: never[]) => Error;
}

const text = (parse: (s: string) => unknown) => (bytes: Input) => parse(decodeText(bytes, 850));

const SUBJECTS: Record<string, Subject> = {
  registry: { seeds: files('test/fixtures/registry'), run: text(parseRegistryText), typed: ParseError },
  applicationHost: { seeds: files('test/fixtures/iis-config'), run: text(parseApplicationHost), typed: ParseError },
  webConfig: { seeds: files('test/fixtures/iis-config'), run: text(parseWebConfig), typed: ParseError },
  appcmd: { seeds: files('test/fixtures/iis-config', (f) => f.startsWith('apppools')), run: text(parseAppcmdAppPools), typed: ParseError },
  setspn: { seeds: files('test/fixtures/setspn'), run: text(parseSetspnList), typed: ParseError },
  netsh: { seeds: files('test/fixtures/netsh-sslcert'), run: text(parseNetshSslcert), typed: ParseError },
  catemplates: { seeds: files('test/fixtures/certutil', (f) => f.startsWith('catemplates')), run: text(parseCaTemplates), typed: ParseError },
  dstemplate: { seeds: files('test/fixtures/certutil', (f) => !f.startsWith('catemplates')), run: text(parseCertutilTemplates), typed: ParseError },
  psJson: {
    seeds: files('test/fixtures/powershell'),
    run: text((s) => {
      const v = parsePsJson(s);
      // The helpers every PowerShell fact uses, on whatever came out.
      JSON.stringify(v, (_k, x: unknown) => (psDate(x), psEnum(x, { 0: 'a' }), x));
    }),
    typed: ParseError,
  },
  certStore: { seeds: files('test/fixtures/certs', (f) => f.endsWith('.json')), run: text(parseCertStoreJson), typed: ParseError },
  x509: { seeds: DER, run: (b) => describeCertificate(b), typed: ParseError },
  pkcs7: { seeds: DER, run: (b) => classifyScepCertificates(parsePkcs7Certificates(b)), typed: ParseError },
  certRep: { seeds: DER, run: (b) => parseCertRep(b), typed: ParseError },
  scepPages: {
    seeds: files('test/fixtures/ndes-http'),
    run: (b) => {
      classifyAdminPage(b);
      parseCaps(b);
      classifyRefusal({ status: 404, headers: { server: 'Microsoft-IIS/10.0' }, body: b });
    },
    typed: ParseError,
  },
  probeFile: { seeds: probes, run: text(parseProbeFile), typed: ParseError },
  targetsFile: {
    seeds: [new TextEncoder().encode('ndes.contoso.com\n# c\nhttps://ndes2.contoso.com:8443/certsrv/mscep/mscep.dll\n')],
    run: text((s) => {
      for (const line of parseTargetsFile(s)) {
        try {
          parseTarget(line);
        } catch (e) {
          // parseTarget rejects with a plain Error that the CLI words as a usage error.
          if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError) throw e;
        }
      }
    }),
    typed: ParseError,
  },
  manifest: { seeds: files('examples/healthy', (f) => f === 'manifest.json'), run: text((s) => parseManifest(s, 'bundle')), typed: BundleError },
  decodeText: { seeds: files('test/fixtures/registry').slice(0, 5), run: (b) => decodeText(b, 437), typed: ParseError },
  caSecurity: { seeds: files('test/fixtures/ca-security'), run: text(parseCaSecurity), typed: ParseError },
  securityDescriptor: {
    seeds: files('test/fixtures/ca-security').flatMap((b) => base64Fields(b, 'Security')),
    run: (b) => checkAccess(parseSecurityDescriptor(b).dacl, new Set(['S-1-5-11']), 0x2),
    typed: ParseError,
  },
};

/** Runs the parser; a throw is fine only when it is the parser's typed error. */
function holds(subject: Subject, bytes: Input): boolean {
  try {
    subject.run(bytes);
    return true;
  } catch (e) {
    if (e instanceof subject.typed) return true;
    throw e;
  }
}

const ENCODINGS = ['utf16le', 'utf16be', 'latin1', 'cp850', 'cp866', 'utf8'] as const;

/** The ways input goes wrong in the field, each built from a real sample. */
function damaged(seeds: Input[]): fc.Arbitrary<Input> {
  const seed = fc.constantFrom(...seeds);
  const truncated = seed.chain((s) => fc.nat(s.length).map((n) => s.subarray(0, n)));
  const mutated = fc
    .tuple(seed, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'insert', 'delete')), { minLength: 1, maxLength: 12 }))
    .map(([s, edits]) => {
      const out = [...s];
      for (const [at, byte, op] of edits) {
        const i = out.length ? at % out.length : 0;
        if (op === 'flip') out[i] = byte;
        else if (op === 'insert') out.splice(i, 0, byte);
        else out.splice(i, 1);
      }
      return Uint8Array.from(out);
    });
  const foreign = fc.tuple(seed, fc.constantFrom(...ENCODINGS), fc.boolean()).map(([s, enc, bom]) => {
    const body = iconv.encode(decodeText(s, 850), enc);
    return new Uint8Array(bom ? Buffer.concat([iconv.encode('\uFEFF', enc), body]) : body);
  });
  const enormous = fc.tuple(seed, fc.integer({ min: 2, max: 40 }), fc.constantFrom('repeat', 'long-line', 'deep')).map(([s, n, how]) => {
    if (how === 'repeat') return new Uint8Array(Buffer.concat(Array.from({ length: n }, () => Buffer.from(s))));
    const at = s.length >> 1;
    const filler = how === 'long-line' ? Buffer.alloc(n * 16_384, ' x,:=\\'.charCodeAt(n % 6)) : Buffer.from('<a>['.repeat(n * 1_000));
    return new Uint8Array(Buffer.concat([s.subarray(0, at), filler, s.subarray(at)]));
  });
  const random = fc.oneof(fc.uint8Array({ maxLength: 2_048 }), fc.string({ unit: 'grapheme', maxLength: 512 }).map((t) => new TextEncoder().encode(t)));
  return fc.oneof(truncated, mutated, foreign, enormous, random);
}

describe('every parser holds on damaged input', () => {
  for (const [name, subject] of Object.entries(SUBJECTS)) {
    it(name, () => {
      expect(subject.seeds.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(damaged(subject.seeds), (bytes) => holds(subject, bytes)),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});

describe('inputs that once broke a parser', () => {
  const dir = join(root, 'test/fixtures/fuzz');
  for (const file of readdirSync(dir).filter((f) => !f.endsWith('.md'))) {
    const name = file.replace(/-\d+\.\w+$/, '');
    it(`${file} (${name})`, () => {
      const subject = SUBJECTS[name];
      expect(subject, `test/fixtures/fuzz/${file} names no parser`).toBeDefined();
      expect(holds(subject!, new Uint8Array(readFileSync(join(dir, file))))).toBe(true);
    });
  }
});
