import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import type { ArtifactId } from '../../src/collect/artifacts.js';
import { openBundle, type ArtifactSource } from '../../src/collect/bundle.js';
import { runChecksPerTarget } from '../../src/engine/per-target.js';
import { FACTS, type FactName } from '../../src/facts/index.js';
import { decodeText } from '../../src/parse/text.js';

// Damaged data never yields a confident verdict: every check that reads a damaged artifact reports
// error naming the file (or is skipped behind a prerequisite that did), never pass, warn or fail.
const root = fileURLToPath(new URL('../../', import.meta.url));

const DAMAGED: [ArtifactId, string, string][] = [
  ['registry.http-parameters', 'registry/http-parameters-cut-dword.reg', 'a reg export cut inside a DWORD (dword:0000ff for dword:0000ffff)'],
  ['registry.http-parameters', 'registry/http-parameters-cut-odd.reg', 'a reg export cut inside a UTF-16 character'],
  ['registry.http-parameters', 'registry/truncated-in-hex.reg', 'a reg export cut inside wrapped hex data'],
  ['registry.ie-esc-admins', 'registry/truncated-in-string.reg', 'a reg export cut inside a string'],
  ['connector.uninstall', 'registry/uninstall-truncated.reg', 'an Uninstall export cut inside hex(2) data'],
  ['server.system', 'powershell/system-truncated.json', 'system.json cut short'],
  ['server.system', 'powershell/system-no-domain.json', 'system.json without ComputerSystem.Domain, which Windows always fills (a member of "", an FQDN of the host name alone)'],
  ['certs.localmachine-my', 'certs/not-certificates.json', 'a store listing (Get-ChildItem Cert:\\LocalMachine) instead of certificates'],
  ['certs.localmachine-root', 'certs/not-certificates.json', 'a store listing instead of certificates'],
  ['iis.applicationhost', 'iis-config/applicationHost.truncated.config', 'applicationHost.config cut short'],
  ['iis.apppools', 'iis-config/apppools.truncated.xml', 'appcmd list apppool /xml cut in half'],
  ['certutil.catemplates', 'certutil/catemplates-truncated.txt', 'certutil -CATemplates cut short'],
  ['tls.netsh-sslcert', 'netsh-sslcert/truncated.txt', 'netsh http show sslcert cut short'],
  ['ad.template-security', 'powershell/template-security-cut.json', 'template SDDL cut short'],
  ['ca.enrollment-services', 'enrollment-services/no-list.json', 'the forest\'s Enterprise CAs without the EnrollmentServices list the collector always writes'],
  ['ca.enrollment-services', 'enrollment-services/entry-no-host.json', 'an Enterprise CA entry without the DnsHostName the collector always writes'],
  ['tls.netsh-sslcert', 'netsh-sslcert/empty.txt', 'netsh output lost (an empty file; netsh prints its header even with no binding)'],
  ['tls.netsh-sslcert', 'powershell/services-running.json', 'another command\'s output in place of netsh\'s'],
  // The collector writes every list with ConvertTo-Json -InputObject @(...), which prints [] for none: empty is lost.
  ...(
    [
      'account.administrators',
      'account.iis-iusrs',
      'account.users',
      'account.ad-accounts',
      'connector.services',
      'connector.service-logons',
      'certs.localmachine-my',
      'certs.localmachine-root',
      'mscep.ra-keys',
      'ad.template-security',
      'server.features',
    ] as const
  ).map((id): [ArtifactId, string, string] => [id, 'powershell/empty.json', 'an empty file where the collector writes a JSON list']),
];

// examples/healthy's own JSON with a property the collector always writes taken out of (or nulled in)
// every entry: a damaged or hand-made file, which must not read as a default that gives a verdict.
const WITHOUT: [ArtifactId, string, 'missing' | null][] = [
  ['certs.localmachine-my', 'HasPrivateKey', 'missing'],
  ['certs.localmachine-my', 'HasPrivateKey', null],
  ['connector.services', 'Status', 'missing'],
  ['connector.services', 'Status', null],
  ['connector.services', 'StartType', 'missing'],
  ['account.ad-accounts', 'Found', 'missing'],
  ['account.ad-accounts', 'Found', null],
  ['account.iis-iusrs', 'SID', 'missing'],
  ['account.administrators', 'SID', 'missing'],
  ['account.users', 'SID', null],
];

/** The artifacts a check reads, through the facts it requires. */
const readsArtifact = (requires: readonly FactName[], id: ArtifactId) => requires.some((f) => (FACTS[f].artifacts as readonly string[]).includes(id));

function withFixture(source: ArtifactSource, id: ArtifactId, fixture: string): ArtifactSource {
  const bytes = new Uint8Array(readFileSync(join(root, 'test/fixtures', fixture)));
  const file = `damaged/${fixture}`;
  return { manifest: source.manifest, origin: source.origin, read: async (which) => (which === id ? { status: 'ok', file, bytes, codePage: 437 } : source.read(which)) };
}

function withoutProperty(source: ArtifactSource, id: ArtifactId, property: string, value: 'missing' | null): ArtifactSource {
  return {
    manifest: source.manifest,
    origin: source.origin,
    read: async (which) => {
      const raw = await source.read(which);
      if (which !== id || raw.status !== 'ok') return raw;
      const entries = JSON.parse(decodeText(raw.bytes, raw.codePage).replace(/^\uFEFF/, '')) as Record<string, unknown>[];
      const edited = entries.map(({ [property]: _, ...rest }) => (value === 'missing' ? rest : { ...rest, [property]: value }));
      return { ...raw, file: `damaged/${raw.file}`, bytes: new TextEncoder().encode(JSON.stringify(edited, null, 4)) };
    },
  };
}

async function expectNoVerdict(source: ArtifactSource, id: ArtifactId, file: string) {
  const results = await runChecksPerTarget(CHECKS, source, {
    concurrency: 8,
    checkTimeoutMs: 10_000,
    deadline: Date.now() + 60_000,
    context: { now: new Date('2026-11-20T09:14:02Z'), options: {} },
  });
  // The NDES-PRF checks also need a profile, which only lint-profile gives: without it they say so, whatever the artifact.
  const requires = (r: { id: string }) => CHECKS.find((c) => c.id === r.id)!.requires as readonly FactName[];
  const affected = results.filter((r) => !requires(r).includes('profile') && readsArtifact(requires(r), id));
  expect(affected.length).toBeGreaterThan(0);
  const verdicts = affected.filter((r) => !(r.status === 'error' || (r.status === 'skip' && r.skipReason !== 'not-applicable')));
  expect(verdicts.map((r) => `${r.id} ${r.status}: ${r.message}`)).toEqual([]);
  for (const r of affected.filter((x) => x.status === 'error')) expect(r.message, r.id).toContain(file);
}

describe('damaged artifacts give error, naming the file, never a verdict', () => {
  it.each(DAMAGED)('%s: %s (%s)', async (id, fixture) => {
    await expectNoVerdict(withFixture(await openBundle(join(root, 'examples/healthy')), id, fixture), id, `damaged/${fixture}`);
  });

  it.each(WITHOUT)('%s: examples/healthy with %s %s in every entry', async (id, property, value) => {
    const source = await openBundle(join(root, 'examples/healthy'));
    const raw = await source.read(id);
    expect(raw.status).toBe('ok');
    await expectNoVerdict(withoutProperty(source, id, property, value), id, `damaged/${'file' in raw ? raw.file : ''}`);
  });
});
