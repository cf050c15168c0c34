import { describe, expect, it } from 'vitest';
import { serverChecks } from '../../../src/checks/server/index.js';
import type { ArtifactId } from '../../../src/collect/artifacts.js';
import type { Outcome } from '../../../src/engine/types.js';
import type { FactName } from '../../../src/facts/index.js';
import { factFrom, runCheck } from '../host-facts.js';
import { shown } from '../example-outcomes.js';

type Files = Partial<Record<ArtifactId, string>>;

/** For each fact the server checks read: the captures of its artifacts, the first being a healthy server's. */
const CAPTURES: Partial<Record<FactName, Files[]>> = {
  serverSystem: ['system-2022-member', 'system-2008r2', 'system-2012r2-core', 'system-2019-dc', 'system-2022-en-gb', 'system-client-de', 'system-ps7'].map((f) => ({ 'server.system': `powershell/${f}.json` })),
  windowsFeatures: ['features-complete', 'features-missing', 'features-no-console', 'features-no-net35', 'features-on-ca', 'features-single'].map((f) => ({ 'server.features': `powershell/${f}.json` })),
  dotnetFramework: ['dotnet-v4-full-48.reg', 'dotnet-v4-full-462.reg', 'dotnet-v4-full-query-de-cp850.txt'].map((f) => ({ 'server.dotnet': `registry/${f}` })),
  netFxCrypto: [
    { 'server.netfx': 'registry/netfx-v4-strong.reg', 'server.netfx-wow64': 'registry/netfx-v4-wow64-strong.reg' },
    { 'server.netfx': 'registry/netfx-v4-strong.reg', 'server.netfx-wow64': 'registry/netfx-v4-wow64-weak.reg' },
    { 'server.netfx': 'absent', 'server.netfx-wow64': 'registry/netfx-v4-wow64-strong.reg' },
  ],
  schannelProtocols: ['schannel-protocols-default.reg', 'schannel-protocols-explicit.reg', 'schannel-protocols-tls12-off.reg'].map((f) => ({ 'server.schannel-protocols': `registry/${f}` })),
  rebootMarkers: [
    { 'server.session-manager': 'registry/session-manager-clean.reg', 'server.reboot-cbs': 'absent', 'server.reboot-wu': 'absent' },
    { 'server.session-manager': 'registry/session-manager-pending.reg', 'server.reboot-cbs': 'absent', 'server.reboot-wu': 'absent' },
    { 'server.session-manager': 'registry/session-manager-clean.reg', 'server.reboot-cbs': 'registry/reboot-pending-cbs.reg', 'server.reboot-wu': 'absent' },
  ],
  connectorInstall: [
    ...['uninstall-current.reg', 'uninstall-new-date.reg', 'uninstall-none.reg', 'uninstall-legacy.reg'].map((f) => ({ 'connector.uninstall': `registry/${f}`, 'connector.uninstall-wow64': 'registry/uninstall-wow64-none.reg' })),
    { 'connector.uninstall': 'registry/uninstall-none.reg', 'connector.uninstall-wow64': 'registry/uninstall-wow64-current-old.reg' },
  ],
};


async function outcome(check: (typeof serverChecks)[number], files: Record<string, Files>): Promise<Outcome | string> {
  try {
    const facts = Object.fromEntries(check.requires.map((n) => [n, factFrom(n, (files[n] ?? CAPTURES[n]![0]!) as never)]));
    return await runCheck(check, facts);
  } catch (e) {
    return `fact error: ${(e as Error).message}`;
  }
}

// What an administrator reads for each capture of each input, the others healthy, held still: a
// change to any word, evidence or fix shows up here for review.
describe('the server checks on each capture of their inputs', () => {
  it.each(serverChecks.map((c) => [c.id, c] as const))('%s', async (_id, check) => {
    const out: Record<string, unknown> = {};
    for (const name of check.requires) {
      for (const files of CAPTURES[name] ?? []) out[`${name}: ${Object.values(files).join(' + ')}`] = shown(await outcome(check, { [name]: files }));
    }
    expect(out).toMatchSnapshot();
  });
});
