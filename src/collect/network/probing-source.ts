/**
 * Opening the endpoint sources that source.ts plans: probing the URLs now, and the live check's probe of
 * its own endpoint. Apart from source.ts so that a bundle run never loads the probes' code (undici, TLS).
 */
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { ProbingSource } from '../../engine/per-target.js';
import { PROBES_FILE, type TargetRecording } from '../../recordings/probes.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { bundleSource, writeBundle, type ArtifactSource } from '../bundle.js';
import { SourceError } from '../errors.js';
import { BUNDLE_VERSION, type Manifest } from '../manifest.js';
import { parseResolve, type EndpointOptions } from './endpoint-options.js';
import { machineRootTrust, ownEndpointUrl } from './own-endpoint.js';
import { probeTargets, startProbes, type ProbeOptions } from './probe.js';
import { encodeProbeFile } from './recording.js';
import { parseTarget } from './targets.js';

function probeOptions(opts: EndpointOptions, deadline: AbortSignal): ProbeOptions {
  return {
    ...(opts.caFile && { caFile: opts.caFile }),
    resolve: parseResolve(opts.resolve),
    probeEnroll: opts.probeEnroll === true,
    deadline,
  };
}

/** A probe that cannot start (an unreadable --ca-file, say) is the user's to fix: said as such, without a stack. */
async function asSourceError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw new SourceError((e as Error).message);
  }
}

/** An in-memory bundle holding only the recordings, as `check --url` analyses it and --save-bundle writes it. */
function networkBundle(targets: TargetRecording[]): ArtifactSource & { files: Map<string, Uint8Array> } {
  const files = new Map([[PROBES_FILE, encodeProbeFile(targets)]]);
  return { ...bundleSource(probesOrigin(targets), probesManifest(targets), files), files };
}

function probesManifest(targets: readonly { url: string }[]): Manifest {
  return {
    bundleVersion: BUNDLE_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    collectedAt: new Date().toISOString(),
    host: { name: hostname() },
    artifacts: { 'network.probes': { status: 'ok', file: PROBES_FILE, command: `probe ${targets.map((t) => t.url).join(' ')}` } },
  };
}

const probesOrigin = (targets: readonly { host: string }[]) => `probes of ${targets.map((t) => t.host).join(', ')}`;

/** The bundle of probes still running: each target is analysed when done; reading every recording waits for all. */
function probingBundle(inputs: readonly string[], recordings: Promise<TargetRecording>[]): ProbingSource {
  const targets = inputs.map((input) => {
    const { url } = parseTarget(input);
    return { url: url.href, host: url.hostname.replace(/^\[|\]$/g, '') };
  });
  let whole: Promise<ArtifactSource> | undefined;
  return {
    manifest: probesManifest(targets),
    origin: probesOrigin(targets),
    probing: targets.map((t, i) => ({ url: t.url, recording: recordings[i]! })),
    read: async (id) => (await (whole ??= Promise.all(recordings).then(networkBundle))).read(id),
  };
}

async function saveBundle(path: string, bundle: { manifest: Manifest; files: Map<string, Uint8Array> }): Promise<void> {
  try {
    await writeBundle(path, bundle.manifest, bundle.files);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SourceError(err.code === 'EEXIST' ? `--save-bundle ${path} already exists; choose a new path.` : `--save-bundle ${path}: ${err.message}`);
  }
}

/**
 * Probing stops before the run's deadline (--timeout), so the checks still have time to report what
 * was seen, or at once on SIGINT/SIGTERM. Every request of every target listens to this one signal.
 */
function probeDeadline(timeoutSeconds: number, interrupt?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(Math.max(1_000, timeoutSeconds * 1000 - Math.min(5_000, timeoutSeconds * 100)));
  const signal = interrupt ? AbortSignal.any([timeout, interrupt]) : timeout;
  setMaxListeners(0, signal);
  return signal;
}

/**
 * `check --url`: probes the targets now and analyses the recordings like a bundle, each target as soon as
 * its probes are done; --save-bundle keeps them, so it waits for every target before the analysis.
 */
export async function networkSource(inputs: readonly string[], opts: EndpointOptions & { timeout: number }, interrupt?: AbortSignal): Promise<ArtifactSource> {
  const options = probeOptions(opts, probeDeadline(opts.timeout, interrupt));
  if (!opts.saveBundle) return probingBundle(inputs, await asSourceError(startProbes(inputs, options)));
  const bundle = networkBundle(await asSourceError(probeTargets(inputs, options)));
  await saveBundle(opts.saveBundle, bundle);
  return bundle;
}

/** The live check's own endpoint, probed with --ca-file, --resolve or --probe-enroll and the machine's Root store trusted. */
export async function probeOwnEndpoint(live: ArtifactSource, opts: EndpointOptions & { timeout: number }): Promise<Uint8Array> {
  const trust = await machineRootTrust((other) => live.read(other));
  return encodeProbeFile(await asSourceError(probeTargets([ownEndpointUrl()], { ...probeOptions(opts, probeDeadline(opts.timeout)), trust })));
}
