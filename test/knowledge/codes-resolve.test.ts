import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import type { ArtifactId } from '../../src/collect/artifacts.js';
import { openBundle, type ArtifactSource } from '../../src/collect/bundle.js';
import { runChecksPerTarget } from '../../src/engine/per-target.js';
import type { Result } from '../../src/engine/types.js';
import { KNOWLEDGE, lookupKnowledge } from '../../src/knowledge/index.js';
import type { KnowledgeEntry } from '../../src/knowledge/types.js';

// Every code a report prints, and every code the knowledge base's own texts name, must resolve in
// `ndes-doctor explain`. The checks are run over both example bundles and over every variant that
// swaps one artifact for a test fixture of the same kind, so fail and error branches print too.

const root = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(root, 'test/fixtures');

/** Which fixtures under test/fixtures stand in for which artifact. */
const ARTIFACT_FIXTURES: Partial<Record<ArtifactId, RegExp>> = {
  'registry.http-parameters': /^registry\/http-parameters/,
  'registry.ie-esc-admins': /^registry\/ie-esc-admins/,
  'registry.ie-esc-users': /^registry\/ie-esc-users/,
  'registry.mscep': /^registry\/mscep/,
  'server.system': /^powershell\/system-/,
  'server.features': /^powershell\/features-/,
  'server.dotnet': /^registry\/dotnet-v4-full/,
  'server.schannel-protocols': /^registry\/schannel-protocols/,
  'server.netfx': /^registry\/netfx-v4-(?!wow64)/,
  'server.netfx-wow64': /^registry\/netfx-v4-wow64/,
  'server.reboot-cbs': /^registry\/reboot-pending-cbs/,
  'server.session-manager': /^registry\/session-manager/,
  'account.iis-iusrs': /^powershell\/(iis-iusrs|members)-/,
  'account.administrators': /^powershell\/administrators-/,
  'account.spn': /^setspn\//,
  'account.scep-identity': /^powershell\/scep-identity-/,
  'ad.template-security': /^powershell\/template-security-/,
  'connector.uninstall': /^registry\/uninstall-/,
  'connector.registry': /^registry\/microsoft-intune-/,
  'connector.services': /^powershell\/services-/,
  'iis.applicationhost': /^iis-config\/applicationHost\./,
  'iis.apppools': /^iis-config\/apppools\./,
  'iis.webconfig-site': /^iis-config\/web\.config\./,
  'iis.webconfig-mscep': /^iis-config\/web\.config\./,
  'certutil.dstemplate': /^certutil\/(ds)?template-/,
  'certutil.catemplates': /^certutil\/catemplates-/,
  'tls.netsh-sslcert': /^netsh-sslcert\//,
  'certs.localmachine-my': /^certs\/my-/,
  'certs.localmachine-root': /^certs\/root-/,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(FIXTURES, path)];
  });
}

/** The example bundle with one artifact read from a fixture instead. */
function withFixture(source: ArtifactSource, id: ArtifactId, fixture: string): ArtifactSource {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, fixture)));
  return {
    manifest: source.manifest,
    origin: `${source.origin} + ${fixture}`,
    read: async (which) => (which === id ? { status: 'ok', file: fixture, bytes, codePage: fixture.includes('cp850') ? 850 : 437 } : source.read(which)),
  };
}

const context = { now: new Date('2026-11-20T09:14:02Z'), options: { externalName: 'scep.contoso.com' } };
const run = (source: ArtifactSource) =>
  runChecksPerTarget(CHECKS, source, { concurrency: 8, checkTimeoutMs: 10_000, deadline: Date.now() + 120_000, context });

/** Code-shaped tokens in prose: full HRESULTs, win32 statuses, event IDs, IIS sub-statuses, `explain` hints. */
function codesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b0x[0-9a-f]{8}\b/gi)) found.push(m[0]);
  for (const m of text.matchAll(/\bwin32(?:[ -]status)?[ :]*(\d+)/gi)) found.push(`win32 ${m[1]}`);
  for (const m of text.matchAll(/\bError (\d{4,5})\b/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\b[45]\d\d\.\d{1,2}\b/g)) found.push(m[0]);
  for (const m of text.matchAll(/\bevents? (\d+(?:(?:, | and | or | to |\/)\d+)*)/gi)) {
    for (const n of m[1]!.split(/, | and | or | to |\//)) found.push(`event ${n}`);
  }
  for (const m of text.matchAll(/`ndes-doctor explain ([^`<]+)`/g)) found.push(m[1]!.replace(/^"(.*)"$/, '$1'));
  return found;
}

/** `explain` answers a check id or slug from the catalogue, everything else from the knowledge base. */
const isCheck = (c: string) => CHECKS.some((check) => check.id.toLowerCase() === c.toLowerCase() || check.slug === c.toLowerCase());
const unresolved = (codes: Iterable<string>) => [...new Set(codes)].filter((c) => !isCheck(c) && lookupKnowledge(c).length === 0);

/** What a result prints: its evidence codes and the codes named in its message and remediation. */
function printed(r: Result): string[] {
  return [...(r.evidence?.codes ?? []), ...codesIn([r.message, r.remediation?.text ?? ''].join('\n'))];
}

const LEGACY_ONLY = new Set<KnowledgeEntry['kind']>(['legacy-connector-event', 'diagnostic-code']);

describe('every code resolves in explain', () => {
  it('in the knowledge base\'s own texts', () => {
    const text = (e: KnowledgeEntry) => [e.name, e.meaning, ...e.causes, e.fix].join('\n');
    const missing = KNOWLEDGE.flatMap((e) => unresolved(codesIn(text(e))).map((c) => `${e.kind} ${e.code}: ${c}`));
    expect(missing).toEqual([]);
  });

  it('the codes the issue names', () => {
    expect(unresolved(['0x80094800', '0x80094012', '0x80070057', '0x800706ba', '12175', 'win32 1346'])).toEqual([]);
  });

  it('in every finding over the example bundles and their fixture variants', async () => {
    const all = files(FIXTURES);
    const results: Result[] = [];
    for (const example of ['healthy', 'broken']) {
      const source = await openBundle(join(root, 'examples', example));
      results.push(...(await run(source)));
      for (const [id, pattern] of Object.entries(ARTIFACT_FIXTURES) as [ArtifactId, RegExp][]) {
        for (const fixture of all.filter((f) => pattern.test(f))) results.push(...(await run(withFixture(source, id, fixture))));
      }
    }
    // The variants reach the checks' failure and error branches, not only the examples' verdicts.
    expect(new Set(results.filter((r) => r.status === 'fail').map((r) => r.id)).size).toBeGreaterThan(30);
    const missing = results.flatMap((r) => unresolved(printed(r)).map((c) => `${r.id} (${r.status}): ${c}`));
    expect([...new Set(missing)]).toEqual([]);
    // A current-connector finding never cites the retired connector's event IDs or diagnostic codes.
    // Log findings are exempt: they quote the events a log holds, the legacy connector's own log included.
    const legacy = results.filter((r) => r.area !== 'logs').flatMap((r) =>
      (r.evidence?.codes ?? []).filter((c) => lookupKnowledge(c).every((e) => LEGACY_ONLY.has(e.kind))).map((c) => `${r.id}: ${c}`),
    );
    expect([...new Set(legacy)]).toEqual([]);
  }, 300_000);

  it('the extractor finds what it is meant to', () => {
    expect(codesIn('fails with 0x80094012 (x); events 2 and 10; 404.15; win32 status 1346; Error 12175; `ndes-doctor explain "500 win32 1346"`')).toEqual([
      '0x80094012',
      'win32 1346',
      'win32 1346',
      '12175',
      '404.15',
      'event 2',
      'event 10',
      '500 win32 1346',
    ]);
  });
});
