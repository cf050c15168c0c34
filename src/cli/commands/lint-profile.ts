import { readFile, stat } from 'node:fs/promises';
import { CHECKS } from '../../checks/index.js';
import { isCloudPki } from '../../checks/profile/scep-urls.js';
import { bundleSource, openBundle, type ArtifactSource } from '../../collect/bundle.js';
import { BUNDLE_VERSION, BundleError } from '../../collect/manifest.js';
import { parseTarget } from '../../collect/network/targets.js';
import { networkSource } from '../../collect/network/probing-source.js';
import { asOfCollectionNote, collectionTime } from '../../engine/analyse.js';
import type { AnyCheck } from '../../engine/check.js';
import { runChecksPerTarget } from '../../engine/per-target.js';
import { skippedResult } from '../../engine/runner.js';
import { selectChecks } from '../../engine/select.js';
import type { Result } from '../../engine/types.js';
import { decodeText } from '../../parse/text.js';
import { parseGraphProfile, profileFromFlags, ProfileInputError, type ProfileFlags, type ScepProfile } from '../../parse/scep-profile.js';
import { buildReport } from '../../report/model.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { CliError } from '../errors.js';
import { emitReport, progress, reportPlan, type ReportFlags } from './check.js';

export interface LintProfileOptions extends ProfileFlags, ReportFlags {
  select?: string;
  bundle?: string;
  probe: boolean;
  caFile?: string;
  resolve?: string[];
  only: string[];
  skip: string[];
  timeout: number;
}

const MAX_PROFILE_BYTES = 16 * 1024 * 1024;
const CHECK_TIMEOUT_MS = 30_000;

const FLAG_NAMES = ['platform', 'certType', 'subject', 'san', 'validity', 'renewalThreshold', 'scepUrl', 'keySize', 'keyUsage', 'hash', 'eku'] as const;

/** Lints one Intune SCEP profile, against a bundle and the live endpoints when asked; returns the exit code. */
export async function lintProfileCommand(file: string | undefined, opts: LintProfileOptions, argv: string[]): Promise<number> {
  const plan = await reportPlan(opts);
  const profile = await readProfile(file, opts);
  const selected = selectChecks(lintableChecks(opts.probe), opts.only, opts.skip);
  const startedAt = new Date();
  const runWarnings: string[] = [];

  const bundle = opts.bundle ? await openServerBundle(opts.bundle) : undefined;
  const probes = opts.probe && selected.some((c) => c.requires.includes('endpoint')) ? await probeUrls(profile, opts, runWarnings) : undefined;
  const source = combine(bundle, probes);
  const evaluatedAt = bundle && !probes ? (collectionTime(bundle.manifest.collectedAt) ?? startedAt) : startedAt;
  if (evaluatedAt !== startedAt) runWarnings.push(asOfCollectionNote(evaluatedAt));

  const missing = new Map(selected.flatMap((c) => {
    const why = missingData(c, Boolean(bundle), Boolean(bundle || probes));
    return why ? [[c.id, skippedResult(c, 'no-data', why)] as const] : [];
  }));
  const runnable = selected.filter((c) => !missing.has(c.id));
  const spinner = await progress(opts, `Running ${runnable.length} checks`);
  const ran = await runChecksPerTarget(runnable, source, {
    concurrency: 8,
    checkTimeoutMs: CHECK_TIMEOUT_MS,
    deadline: startedAt.getTime() + opts.timeout * 1000,
    context: { now: evaluatedAt, options: {} },
    given: { profile },
  });
  spinner?.stop();

  // Profile findings in check order, then the endpoint probes per SCEP URL.
  const byId = new Map(ran.filter((r) => r.area === 'profile').map((r) => [r.id, r]));
  const results: Result[] = [
    ...selected.filter((c) => c.area === 'profile').map((c) => byId.get(c.id) ?? missing.get(c.id)!),
    ...ran.filter((r) => r.area !== 'profile'),
  ];
  const report = buildReport({
    mode: 'profile',
    startedAt,
    evaluatedAt,
    finishedAt: new Date(),
    argv,
    manifest: (bundle ?? probes)?.manifest,
    origin: opts.bundle,
    profile: describeProfile(profile),
    failOn: plan.failOn,
    timeouts: { checkMs: CHECK_TIMEOUT_MS, runMs: opts.timeout * 1000 },
    config: { only: opts.only, skip: opts.skip },
    results,
    runWarnings,
  });
  return emitReport(report, plan, opts);
}

/** The profile checks, and with --probe the endpoint checks that run once per SCEP URL. */
function lintableChecks(probe: boolean): AnyCheck[] {
  return CHECKS.filter((c) => c.area === 'profile' || (probe && c.area === 'endpoint'));
}

/** Why a profile check cannot run with the data given, or undefined when it can. */
function missingData(check: AnyCheck, server: boolean, probes: boolean): string | undefined {
  const needs = check.requires.filter((r) => r !== 'profile');
  if (check.area !== 'profile' || needs.length === 0) return undefined;
  if (needs.some((r) => r !== 'endpoint') && !server) {
    return 'Needs the NDES server\'s configuration: add --bundle <folder|zip>, a bundle written by "ndes-doctor collect" on the server.';
  }
  if (needs.includes('endpoint') && !probes) return "Needs the issuing CA's certificate: add --probe to query the profile's SCEP URLs, or --bundle with a bundle that has probes.";
  return undefined;
}

async function readProfile(file: string | undefined, opts: LintProfileOptions): Promise<ScepProfile> {
  const flags = FLAG_NAMES.filter((name) => {
    const v = opts[name];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
  try {
    if (file !== undefined) {
      if (flags.length) throw new CliError(`Give the profile as a file or as flags, not both (got ${file} and ${flags.map(toFlag).join(', ')}).`);
      return parseGraphProfile(decodeText(await readInput(file)), file === '-' ? 'stdin' : file, opts.select);
    }
    if (opts.select !== undefined) throw new CliError('--select picks a profile from a file: give the Graph JSON file too.');
    if (flags.length === 0) throw new CliError('Give a profile: a file with the JSON Microsoft Graph returns for it (or - for stdin), or its settings as flags (see ndes-doctor lint-profile --help).');
    return profileFromFlags(opts);
  } catch (e) {
    if (e instanceof ProfileInputError) throw new CliError(e.message);
    throw e;
  }
}

function toFlag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

async function readInput(file: string): Promise<Uint8Array> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > MAX_PROFILE_BYTES) throw new CliError(`stdin: more than ${MAX_PROFILE_BYTES} bytes; that is not one Intune profile.`);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliError(`${file} is not a file.`);
    if (info.size > MAX_PROFILE_BYTES) throw new CliError(`${file}: larger than ${MAX_PROFILE_BYTES} bytes; that is not an Intune profile export.`);
    return await readFile(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${file}: ${(e as Error).message}`);
  }
}

async function openServerBundle(path: string): Promise<ArtifactSource> {
  try {
    return await openBundle(path);
  } catch (e) {
    if (e instanceof BundleError) throw new CliError(e.message);
    throw e;
  }
}

/** Probes the profile's SCEP URLs that can be probed; says which were left out and why. */
async function probeUrls(profile: ScepProfile, opts: LintProfileOptions, notes: string[]): Promise<ArtifactSource> {
  const urls = profile.scepUrls.status === 'ok' ? profile.scepUrls.value : [];
  const inputs = urls.filter((u) => {
    if (isCloudPki(u)) return notes.push(`--probe: ${u} is Microsoft Cloud PKI, not NDES; not probed.`), false;
    try {
      parseTarget(u);
      return true;
    } catch (e) {
      return notes.push(`--probe: ${u} not probed: ${(e as Error).message}.`), false;
    }
  });
  if (inputs.length === 0) throw new CliError('--probe: the profile has no SCEP server URL that can be probed.');
  return networkSource(inputs, { caFile: opts.caFile, resolve: opts.resolve, timeout: opts.timeout });
}

/** The bundle's artifacts, with the fresh probe recordings in place of any the bundle holds. */
function combine(bundle: ArtifactSource | undefined, probes: ArtifactSource | undefined): ArtifactSource {
  if (bundle && probes) return { manifest: bundle.manifest, origin: bundle.origin, read: (id) => (id === 'network.probes' ? probes.read(id) : bundle.read(id)) };
  return bundle ?? probes ?? bundleSource('no server data', { bundleVersion: BUNDLE_VERSION, tool: { name: TOOL_NAME, version: TOOL_VERSION }, collectedAt: '', host: {}, artifacts: {} }, new Map());
}

function describeProfile(p: ScepProfile): string {
  if (p.input === 'flags') return `${p.platform} profile from command-line flags`;
  return `${p.name ? `"${p.name}"` : '(no displayName)'} (${p.graphType}) from ${p.origin}`;
}
