import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointChecks } from '../../../src/checks/endpoint/index.js';
import { bundleSource } from '../../../src/collect/bundle.js';
import { probeTargets, type ProbeOptions } from '../../../src/collect/network/probe.js';
import { encodeProbeFile, PROBES_FILE, type TargetRecording } from '../../../src/collect/network/recording.js';
import { runChecksPerTarget } from '../../../src/engine/per-target.js';
import type { Result } from '../../../src/engine/types.js';
import type { Issued } from './pki.js';

export const FAST: ProbeOptions['limits'] = { connectTimeoutMs: 2_000, headersTimeoutMs: 3_000, bodyTimeoutMs: 2_000, requestTimeoutMs: 5_000 };

/** A PEM file holding the given CA certificates, for --ca-file; removed when the calling test file ends. */
export function caFile(...cas: Issued[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-ca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ca.pem');
  writeFileSync(file, cas.map((c) => c.certPem).join(''));
  return file;
}

export async function analyse(targets: TargetRecording[], now = new Date()): Promise<Result[]> {
  const manifest = { bundleVersion: 1, tool: { name: 't', version: '0' }, collectedAt: '', host: {}, artifacts: {} };
  const source = bundleSource('test', manifest, new Map([[PROBES_FILE, encodeProbeFile(targets)]]));
  return runChecksPerTarget(endpointChecks, source, { concurrency: 4, checkTimeoutMs: 10_000, deadline: Date.now() + 60_000, context: { now, options: {} } });
}

/** Probes the URLs and runs every endpoint check on the recordings; results keyed by check id (first target). */
export async function probeAndCheck(urls: string[], opts: ProbeOptions = {}, now?: Date) {
  const targets = await probeTargets(urls, { limits: FAST, ...opts });
  const results = await analyse(targets, now);
  const byId = Object.fromEntries(results.filter((r) => r.target === targets[0]!.url).map((r) => [r.id, r]));
  return { targets, results, byId: byId as Record<string, Result> };
}
