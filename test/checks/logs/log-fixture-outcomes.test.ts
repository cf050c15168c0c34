import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logChecks } from '../../../src/checks/logs/index.js';
import type { Outcome } from '../../../src/engine/types.js';
import { shown } from '../example-outcomes.js';
import { absent, logFact, ok } from './logs-fixtures.js';

type LogName = Parameters<typeof logFact>[0];
const fixture = (name: string) => ok(new Uint8Array(readFileSync(new URL(`../../fixtures/logs/${name}`, import.meta.url))), `logs/${name}`);

/** Each real or realistic capture, as the log it stands for. */
const CAPTURES: [LogName, string][] = [
  ['applicationLog', 'application-ndes-utf8.xml'],
  ['applicationLog', 'application-rendered-de.xml'],
  ['applicationLog', 'get-winevent-toxml.xml'],
  ['applicationLog', 'events-with-root.xml'],
  ['applicationLog', 'truncated.xml'],
  ['applicationLog', 'not-events.xml'],
  ['connectorOperationalLog', 'connector-operational-uni.xml'],
  ['systemLog', 'system-scm-7036-datadog.xml'],
  ['iisLog', 'w3c-sscep-ndes.log'],
  ['iisLog', 'w3c-logjoint-iis75.log'],
  ['iisLog', 'w3c-msdocs-500-1346.log'],
  ['httpErrLog', 'httperr-msdocs.log'],
  ['httpErrLog', 'httperr-logjoint.log'],
  ['ndesPluginLog', 'ndesplugin.log'],
  ['crpSvclog', 'crp-csr-mismatch.svclog'],
];

/** Every log check that reads this log, with this capture and every other log absent. */
async function outcomes(name: LogName, file: string, now: Date) {
  const out: Record<string, unknown> = {};
  for (const check of logChecks) {
    if (!check.requires.includes(name)) continue;
    const facts = Object.fromEntries(await Promise.all(check.requires.map(async (n) => [n, await logFact(n as LogName, n === name ? fixture(file) : absent)])));
    out[check.id] = shown((await check.run(facts as never, { now, options: {} })) as Outcome);
  }
  return out;
}

// What an administrator reads for each capture, held still: a change to any word, evidence or fix
// shows up here for review. Each is judged hours after the 2026 captures and a week later, so both
// the fail and the warn side of the 24-hour window show.
describe('the log checks on each capture', () => {
  it.each(CAPTURES)('%s from %s', async (name, file) => {
    expect({
      soon: await outcomes(name, file, new Date('2026-11-19T12:00:00Z')),
      weekLater: await outcomes(name, file, new Date('2026-11-26T12:00:00Z')),
    }).toMatchSnapshot();
  });
});
