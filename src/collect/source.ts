/**
 * Where a check's data comes from: this server (live), saved bundles, or probes of SCEP endpoints
 * made now. Commands hand their options here and get back sources to analyse; nothing else decides.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { PROBES_FILE } from '../recordings/probes.js';
import { decodeText } from '../parse/text.js';
import { openBundle, type ArtifactSource } from './bundle.js';
import { SourceError } from './errors.js';
import type { EndpointOptions } from './network/endpoint-options.js';
import { BundleError } from './manifest.js';
import { parseTarget, parseTargetLines } from './network/targets.js';

export type SourceMode = 'live' | 'bundle' | 'network';

export type { EndpointOptions } from './network/endpoint-options.js';

export interface SourceOptions extends EndpointOptions {
  /** --bundle, once or more. */
  bundle?: string[];
  /** Start of the log window of a live check, already read from --since. */
  since?: Date;
  /** Seconds the whole run may take; probing stops a little before. */
  timeout: number;
}

/** A source chosen and its options checked, not yet opened: opening reads a bundle or probes endpoints. */
export interface PlannedSource {
  mode: SourceMode;
  /** The bundle path or the URLs, as given. */
  label: string;
  open(interrupt?: AbortSignal): Promise<ArtifactSource>;
  /** The server's name once opened: the host a bundle was collected on, or the host of a probed URL. */
  nameOf(source: ArtifactSource): string;
}

/**
 * Turns the options into the sources to analyse: one (this server, a bundle, or probes of the URLs
 * given), or one per server when several --bundle, or --bundle with --url, make a fleet. Every
 * option is checked here, before anything is read or probed, so a typo costs nothing.
 */
export async function planSources(opts: SourceOptions): Promise<PlannedSource[]> {
  const inputs = await endpointInputs(opts);
  const bundles = opts.bundle ?? [];
  if (opts.since !== undefined && (inputs.length > 0 || bundles.length > 0)) {
    throw new SourceError('--since sets the log window of a live check on the server; a bundle holds the logs collected with it, and --url reads no logs.');
  }
  if (bundles.length > 0 && opts.saveBundle) {
    throw new SourceError('--save-bundle saves the probes of a --url run as one bundle; with --bundle, probe the URLs in a run of their own to save them.');
  }
  if (bundles.length === 0 && inputs.length > 0) return [networkPlan(inputs, opts)];
  if (bundles.length > 0) return [...bundles.map(bundlePlan), ...inputs.map((input) => networkPlan([input], opts))];
  if (process.platform !== 'win32') {
    throw new SourceError(
      `A live check reads this server's configuration and works only on Windows; on ${process.platform}, analyse a bundle ` +
        'made on the server with "ndes-doctor collect" by passing --bundle <folder|zip>, or probe an NDES endpoint with --url <https://ndes-host>.',
    );
  }
  return [
    {
      mode: 'live',
      label: hostname(),
      open: async () => {
        const { liveSource } = await import('./windows/live.js');
        return liveWithProbeOptions(await liveSource({ since: opts.since }), opts);
      },
      nameOf: (source) => source.manifest.host.name ?? hostname(),
    },
  ];
}

function networkPlan(inputs: readonly string[], opts: SourceOptions): PlannedSource {
  const hosts = inputs.map((i) => parseTarget(i).url.host);
  return { mode: 'network', label: inputs.join(', '), open: async (interrupt) => (await import('./network/probing-source.js')).networkSource(inputs, opts, interrupt), nameOf: () => hosts.join(', ') };
}

function bundlePlan(path: string): PlannedSource {
  return { mode: 'bundle', label: path, open: () => openBundleSource(path), nameOf: (source) => source.manifest.host.name || basename(path) };
}

export async function openBundleSource(path: string): Promise<ArtifactSource> {
  try {
    return await openBundle(path);
  } catch (e) {
    if (e instanceof BundleError) throw new SourceError(e.message);
    throw e;
  }
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
      throw new SourceError(`--targets ${opts.targets}: ${(e as Error).message}`);
    }
    if (bytes.byteLength > MAX_TARGETS_FILE_BYTES) throw new SourceError(`--targets ${opts.targets}: larger than 1 MB; not a list of NDES endpoints.`);
    // Windows PowerShell 5.1's Out-File writes UTF-16LE with a BOM: decoded like every other Windows file.
    const lines = parseTargetLines(decodeText(bytes));
    if (lines.length === 0) throw new SourceError(`--targets ${opts.targets}: no targets in it (one URL or host per line, # for comments).`);
    inputs.push(...lines.map((l) => ({ target: l.target, from: `--targets ${opts.targets} line ${l.line}` })));
  }
  if (opts.saveBundle && inputs.length === 0) throw new SourceError('--save-bundle saves probe recordings: use it with --url or --targets.');
  for (const { target, from } of inputs) {
    try {
      parseTarget(target);
    } catch (e) {
      throw new SourceError(`${from}: ${(e as Error).message}.`);
    }
  }
  return inputs.map((i) => i.target);
}


/** Live check with --ca-file or --resolve: the server's own endpoint is probed with those options. */
function liveWithProbeOptions(live: ArtifactSource, opts: EndpointOptions & { timeout: number }): ArtifactSource {
  if (!opts.caFile && !opts.resolve?.length && !opts.probeEnroll) return live;
  let recording: Promise<Uint8Array> | undefined;
  return {
    manifest: live.manifest,
    origin: live.origin,
    async read(id) {
      if (id !== 'network.probes') return live.read(id);
      recording ??= import('./network/probing-source.js').then(({ probeOwnEndpoint }) => probeOwnEndpoint(live, opts));
      return { status: 'ok', file: PROBES_FILE, bytes: await recording };
    },
  };
}
