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
import { parseAdAccounts } from '../../src/parse/ad-accounts.js';
import { parseCaSecurity } from '../../src/parse/ca-security.js';
import { parseCertStoreJson } from '../../src/parse/cert-store.js';
import { parseCaTemplates } from '../../src/parse/certutil-catemplates.js';
import { certutilError, parseCertutilCaType, parseCertutilPing } from '../../src/parse/certutil-ca.js';
import { parseCertutilTemplates } from '../../src/parse/certutil-dstemplate.js';
import { parseCertutilVerify } from '../../src/parse/certutil-verify.js';
import { classifyConnectorText, PluginLogReader, SvclogReader } from '../../src/parse/connector-text-log.js';
import { parseCultureDateTime, parseCultureFree, type DateCulture } from '../../src/parse/culture-date.js';
import { findDiagnosticCodes, findHresults } from '../../src/parse/error-codes.js';
import { excerpt, ParseError } from '../../src/parse/errors.js';
import { binaryText, EventXmlReader } from '../../src/parse/event-xml.js';
import { findScepSite, parseApplicationHost, parseAppcmdAppPools, parseWebConfig } from '../../src/parse/iis-config.js';
import { effectiveAttribute, effectiveCollection, layersFor, physicalDir } from '../../src/parse/iis-effective.js';
import { canRead, parseRaKeyFiles } from '../../src/parse/key-acl.js';
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
import { parseHttpDate } from '../../src/parse/http-date.js';
import { parseGraphProfile } from '../../src/parse/scep-profile.js';
import { parseSddl } from '../../src/parse/sddl.js';
import { parseSeceditUserRights } from '../../src/parse/secedit-inf.js';
import { chunksOf, TextStream } from '../../src/parse/text-stream.js';
import { asciiBytes, W3cReader } from '../../src/parse/w3c-log.js';
import { describeCertificate } from '../../src/parse/x509.js';
import { parseXml } from '../../src/parse/xml.js';

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

/**
 * Streams arrive in chunks (16 KB from inflate, 64 KB from a file): a character or a tag split
 * across two is the usual trap. Odd sizes move the splits around.
 */
const chunkSize = (bytes: Input) => [509, 4_093, 16_384, 65_536, 1 << 20][bytes.length % 5]!;

/** The event readers, with every accessor a fact calls on each event. */
function readEvents(bytes: Input): unknown {
  const reader = new EventXmlReader((e) => {
    e.data();
    binaryText(e.binary());
    e.message();
    void e.channel;
  });
  for (const chunk of chunksOf(bytes, chunkSize(bytes))) reader.push(chunk);
  return reader.end();
}

function readSvclog(bytes: Input): unknown {
  const reader = new SvclogReader((r) => classifyConnectorText(r.text));
  for (const chunk of chunksOf(bytes, chunkSize(bytes))) reader.push(chunk);
  return reader.end();
}

function readPluginLog(bytes: Input): unknown {
  const stream = new TextStream();
  const reader = new PluginLogReader((r) => classifyConnectorText(r.text));
  for (const chunk of chunksOf(bytes, chunkSize(bytes))) reader.push(stream.push(chunk));
  reader.push(stream.end());
  return reader.end();
}

/** The IIS and HTTPERR fields the log facts ask for, read through every accessor. */
const W3C_FIELDS = ['cs-uri-stem', 'cs-uri-query', 'sc-status', 'sc-substatus', 'sc-win32-status', 's-reason', 'cs(User-Agent)'];
function readW3c(bytes: Input): unknown {
  const reader = new W3cReader(W3C_FIELDS, (line) => {
    for (let slot = 0; slot < W3C_FIELDS.length; slot++) {
      line.has(slot);
      line.text(slot);
      line.int(slot);
      line.startsWith(slot, asciiBytes('/certsrv/mscep'));
      line.param(slot, asciiBytes('operation'));
    }
    line.timeMs();
  });
  for (const chunk of chunksOf(bytes, chunkSize(bytes))) reader.push(chunk);
  return reader.end();
}

/** applicationHost.config merged down to the SCEP application, as the IIS facts do. */
function effectiveScepConfig(s: string): void {
  const config = parseApplicationHost(s);
  const site = findScepSite(config.sites) ?? config.sites[0];
  const target = `${site?.name ?? 'Default Web Site'}/CertSrv/mscep`;
  const layers = layersFor(target, [{ file: 'applicationHost.config', level: '', scopes: config.scopes, isAppHost: true }]).layers;
  effectiveAttribute(layers, 'system.webServer/security/requestFiltering', 'requestLimits', 'maxQueryString', config.sectionDefaults);
  effectiveCollection(layers, 'system.webServer/security/authentication/anonymousAuthentication', 'name');
  if (site) physicalDir(site, '/CertSrv/mscep/mscep.dll');
}

/** Cultures as system.json records them; the fuzzed text is read as a date in each. */
const CULTURES: DateCulture[] = [
  { name: 'en-US', shortDatePattern: 'M/d/yyyy', longTimePattern: 'h:mm:ss tt', dateSeparator: '/', timeSeparator: ':', amDesignator: 'AM', pmDesignator: 'PM' },
  { name: 'de-DE', shortDatePattern: 'dd.MM.yyyy', longTimePattern: 'HH:mm:ss', dateSeparator: '.', timeSeparator: ':', amDesignator: '', pmDesignator: '' },
  { name: 'ko-KR', shortDatePattern: 'yyyy-MM-dd', longTimePattern: 'tt h:mm:ss', dateSeparator: '-', timeSeparator: ':', amDesignator: '오전', pmDesignator: '오후' },
];
/** The culture itself comes from the bundle: fuzzed text becomes its patterns and separators too. */
function readDates(s: string): void {
  parseCultureFree(s);
  for (const c of CULTURES) parseCultureDateTime(s, c);
  const [pattern = '', time = '', sep = '', am = '', date = ''] = s.split('\n');
  const hostile = { name: 'x', shortDatePattern: pattern, longTimePattern: time, dateSeparator: sep, timeSeparator: sep, amDesignator: am, pmDesignator: time };
  parseCultureDateTime(s, hostile);
  parseCultureDateTime(date, hostile);
}
const DATE_SEEDS = [
  '11/21/2026 11:41:07 PM',
  '21.11.2026 23:41:07',
  '2026-11-21 오후 11:41:07',
  "dd/MM/yy 'at'\nHH:mm:ss\n/\nam\n21/11/26 at 23:41:07",
  'd M yyyy\ntt h:mm:ss\n-\na. m.\n21 11 2026 a. m. 11:41:07',
].map((t) => new TextEncoder().encode(t));

/** SDDL exactly as certutil prints it, taken from the template dumps. */
const SDDL = files('test/fixtures/certutil')
  .concat(files('test/fixtures/real/certutil'))
  .flatMap((b) => [...decodeText(b, 850).matchAll(/(?:nTSecurityDescriptor|TemplatePropSecurityDescriptor)\s*=\s*"?(O:[^"\r\n]+)/g)])
  .map((m) => new TextEncoder().encode(m[1]!));

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
  adAccounts: { seeds: files('test/fixtures/ad-accounts'), run: text(parseAdAccounts), typed: ParseError },
  raKeys: {
    seeds: files('test/fixtures/ra-keys'),
    run: text((s) => parseRaKeyFiles(s).forEach((k) => canRead(k.acl ?? [], new Set(['S-1-5-20', 'S-1-5-32-568'])))),
    typed: ParseError,
  },
  certutilCa: {
    seeds: files('test/fixtures/certutil-ca'),
    run: text((s) => {
      certutilError(s);
      // Both readers see every capture: a ping answer read as -cainfo must fail typed too.
      for (const parse of [parseCertutilPing, parseCertutilCaType]) {
        try {
          parse(s);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      }
    }),
    typed: ParseError,
  },
  certutilVerify: { seeds: files('test/fixtures/certutil-verify'), run: text(parseCertutilVerify), typed: ParseError },
  secedit: { seeds: files('test/fixtures/secedit'), run: text(parseSeceditUserRights), typed: ParseError },
  sddl: { seeds: SDDL, run: text(parseSddl), typed: ParseError },
  graphProfile: {
    seeds: files('test/fixtures/graph-profiles'),
    run: text((s) => parseGraphProfile(s, 'profile.json', 'Windows SCEP')),
    typed: ParseError,
  },
  effectiveConfig: { seeds: files('test/fixtures/real/iis'), run: text(effectiveScepConfig), typed: ParseError },
  xml: { seeds: files('test/fixtures/logs', (f) => f.endsWith('.xml')).concat(files('test/fixtures/real/iis')), run: text(parseXml), typed: ParseError },
  eventXml: { seeds: files('test/fixtures/logs', (f) => f.endsWith('.xml')), run: readEvents, typed: ParseError },
  svclog: { seeds: files('test/fixtures/logs', (f) => f.endsWith('.svclog')), run: readSvclog, typed: ParseError },
  pluginLog: { seeds: files('test/fixtures/logs', (f) => f === 'ndesplugin.log'), run: readPluginLog, typed: ParseError },
  w3cLog: { seeds: files('test/fixtures/logs', (f) => f.endsWith('.log') && f !== 'ndesplugin.log'), run: readW3c, typed: ParseError },
  cultureDate: { seeds: DATE_SEEDS, run: text(readDates), typed: ParseError },
  // A proxy's Date header: anything at all, read without throwing.
  httpDate: {
    seeds: ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994'].map((t) => new TextEncoder().encode(t)),
    run: text((s) => void parseHttpDate(s, 2026)),
    typed: ParseError,
  },
  errorCodes: {
    seeds: files('test/fixtures/certutil-verify').concat(files('test/fixtures/certutil-ca')),
    // And the excerpt an error message quotes from a malformed file.
    run: text((s) => (findHresults(s), findDiagnosticCodes(s), excerpt(s))),
    typed: ParseError,
  },
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
