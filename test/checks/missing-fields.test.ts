import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { openBundle, type ArtifactSource } from '../../src/collect/bundle.js';
import { jsonFiles, paths, steps, withFile } from './json-edits.js';
import { runChecksPerTarget } from '../../src/engine/per-target.js';
import { decodeText } from '../../src/parse/text.js';

// The collector writes every property of its PowerShell objects and of its probe recordings, so one that is missing
// means a damaged or hand-made file. Deleting any one of them from an example bundle must not change a verdict: each
// check that needs it reports error (or is skipped behind a check that did), or its result stays as it was. OPTIONAL
// lists the properties whose absence means something, and what.
const OPTIONAL: Record<string, string> = {
  'server/system.json .OperatingSystem.Caption': 'only the name NDES-SRV-001 prints ("Windows Server")',
  'account/scep-identity.json .Account': 'the account is then named by its SID',
  'account/scep-identity.json .IdentityType': 'only the wording of NDES-TPL-008 and NDES-ACCT-002',
  'account/scep-identity.json .Sid': 'the account is then looked for by name; its groups are reported unread',
  'account/scep-identity.json .TokenGroups': 'the groups are reported unread (NDES-ACCT-002 says so)',
  'account/ad-accounts.json [].UserAccountControl': 'AD may not return it: NDES-ACCT-005 warns that it was not read',
  'account/ad-accounts.json [].UacComputed': 'AD may not return this constructed attribute: NDES-ACCT-005 warns that lockout and expiry were not read',
  'connector/service-logons.json [].StartName': 'NDES-CA-005 then reads the account from the connector registry',
  'network/probes.json .targets[].tls.handshake.extraCaFile': 'no --ca-file was given',
  'network/probes.json .targets[].exchanges[].response.headers.server': 'a server that sends no Server header',
  'network/probes.json .targets[].exchanges[].response.adminPage': 'the mscep_admin page was not recognised (NDES-NET-014 warns)',
  'network/intune.json .endpoints[].http.date': 'an answer without a Date header (NDES-INT-003 skips)',
};

const root = fileURLToPath(new URL('../../', import.meta.url));
const NOW = { now: new Date('2026-11-20T09:14:02Z'), options: {} };

/** `value` without the property at `path`, in every array item it is in. */
function without(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) return path[0] === '[]' ? value.map((v) => without(v, path.slice(1))) : value;
  if (!value || typeof value !== 'object' || !(path[0]! in value)) return value;
  const { [path[0]!]: inner, ...rest } = value as Record<string, unknown>;
  return path.length === 1 ? rest : { ...rest, [path[0]!]: without(inner, path.slice(1)) };
}

const run = async (source: ArtifactSource) => {
  const results = await runChecksPerTarget(CHECKS, source, { concurrency: 8, checkTimeoutMs: 10_000, deadline: Date.now() + 60_000, context: NOW });
  return new Map(results.map((r) => [`${r.id}${r.target ? ` ${r.target}` : ''}`, r]));
};

describe.each(['healthy', 'broken'])('examples/%s: a property the collector always writes, deleted, changes no verdict', (example) => {
  const dir = join(root, 'examples', example);
  it.each(jsonFiles(dir).map((f) => relative(dir, f).split('\\').join('/')))('%s', async (file) => {
    const source = await openBundle(dir);
    const base = await run(source);
    const json: unknown = JSON.parse(decodeText(new Uint8Array(readFileSync(join(dir, file)))).replace(/^\uFEFF/, ''));
    const changed: string[] = [];
    for (const path of paths(json)) {
      if (OPTIONAL[`${file} ${path}`]) continue;
      const edited = without(json, steps(path));
      const results = await run(withFile(source, file, new TextEncoder().encode(JSON.stringify(edited, null, 2))));
      for (const [key, r] of results) {
        const b = base.get(key);
        if (r.status === 'error' || (r.status === 'skip' && r.skipReason !== 'not-applicable')) continue;
        if (!b || b.status !== r.status || b.message !== r.message) changed.push(`${path}: ${key} ${b?.status ?? 'new'} -> ${r.status}: ${r.message}`);
      }
    }
    expect(changed).toEqual([]);
  });
});
