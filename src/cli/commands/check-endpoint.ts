import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { ArtifactSource } from '../../collect/bundle.js';
import { bundleSource, writeBundle } from '../../collect/bundle.js';
import { BUNDLE_VERSION, type Manifest } from '../../collect/manifest.js';
import { probeTargets, startProbes, type ProbeOptions } from '../../collect/network/probe.js';
import { encodeProbeFile, PROBES_FILE, type TargetRecording } from '../../collect/network/recording.js';
import { parseTarget, parseTargetLines } from '../../collect/network/targets.js';
import type { ProbingSource } from '../../engine/per-target.js';
import { decodeText } from '../../parse/text.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { CliError } from '../errors.js';

export interface EndpointOptions {
  url?: string[];
  targets?: string;
  caFile?: string;
  resolve?: string[];
  probeEnroll?: boolean;
  saveBundle?: string;
}

/** A --targets file larger than this is not a list of NDES servers. */
const MAX_TARGETS_FILE_BYTES = 1024 * 1024;

/** --url values and the lines of --targets, each checked now so a typo fails before any probe, naming the option it came from. */
export async function endpointInputs(opts: EndpointOptions): Promise<string[]> {
  const inputs = (opts.url ?? []).map((target) => ({ target, from: '--url' }));
  if (opts.targets) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(opts.targets);
    } catch (e) {
      throw new CliError(`--targets ${opts.targets}: ${(e as Error).message}`);
    }
    if (bytes.byteLength > MAX_TARGETS_FILE_BYTES) throw new CliError(`--targets ${opts.targets}: larger than 1 MB; not a list of NDES endpoints.`);
    // Windows PowerShell 5.1's Out-File writes UTF-16LE with a BOM: decoded like every other Windows file.
    const lines = parseTargetLines(decodeText(bytes));
    if (lines.length === 0) throw new CliError(`--targets ${opts.targets}: no targets in it (one URL or host per line, # for comments).`);
    inputs.push(...lines.map((l) => ({ target: l.target, from: `--targets ${opts.targets} line ${l.line}` })));
  }
  if (opts.saveBundle && inputs.length === 0) throw new CliError('--save-bundle saves probe recordings: use it with --url or --targets.');
  for (const { target, from } of inputs) {
    try {
      parseTarget(target);
    } catch (e) {
      throw new CliError(`${from}: ${(e as Error).message}.`);
    }
  }
  return inputs.map((i) => i.target);
}

export function parseResolve(specs: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    specs.map((spec) => {
      const m = /^([^=\s]+)=([\d.]+|[0-9a-f:]+)$/i.exec(spec.trim());
      if (!m) throw new CliError(`--resolve takes <host>=<ip address>, e.g. ndes.contoso.com=10.0.0.5; got "${spec}".`);
      return [m[1]!.toLowerCase(), m[2]!];
    }),
  );
}

export function probeOptions(opts: EndpointOptions, deadline: AbortSignal): ProbeOptions {
  return {
    ...(opts.caFile && { caFile: opts.caFile }),
    resolve: parseResolve(opts.resolve),
    probeEnroll: opts.probeEnroll === true,
    deadline,
  };
}

export async function probe(inputs: readonly string[], opts: ProbeOptions): Promise<TargetRecording[]> {
  try {
    return await probeTargets(inputs, opts);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

/** An in-memory bundle holding only the recordings, as `check --url` analyses it and --save-bundle writes it. */
export function networkBundle(targets: TargetRecording[]): ArtifactSource & { files: Map<string, Uint8Array> } {
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

export async function saveBundle(path: string, bundle: { manifest: Manifest; files: Map<string, Uint8Array> }): Promise<void> {
  try {
    await writeBundle(path, bundle.manifest, bundle.files);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(err.code === 'EEXIST' ? `--save-bundle ${path} already exists; choose a new path.` : `--save-bundle ${path}: ${err.message}`);
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
  if (!opts.saveBundle) {
    try {
      return probingBundle(inputs, await startProbes(inputs, options));
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  const bundle = networkBundle(await probe(inputs, options));
  await saveBundle(opts.saveBundle, bundle);
  return bundle;
}

/** Live check with --ca-file or --resolve: the server's own endpoint is probed with those options. */
export function liveWithProbeOptions(live: ArtifactSource, opts: EndpointOptions & { timeout: number }): ArtifactSource {
  if (!opts.caFile && !opts.resolve?.length && !opts.probeEnroll) return live;
  let recording: Promise<Uint8Array> | undefined;
  return {
    manifest: live.manifest,
    origin: live.origin,
    async read(id) {
      if (id !== 'network.probes') return live.read(id);
      recording ??= import('../../collect/network/own-endpoint.js').then(async ({ machineRootTrust, ownEndpointUrl }) => {
        const trust = await machineRootTrust((other) => live.read(other));
        return encodeProbeFile(await probe([ownEndpointUrl()], { ...probeOptions(opts, probeDeadline(opts.timeout)), trust }));
      });
      return { status: 'ok', file: PROBES_FILE, bytes: await recording };
    },
  };
}
