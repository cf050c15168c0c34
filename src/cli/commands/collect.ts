import { rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { CHECKS } from '../../checks/index.js';
import { ARTIFACT_IDS } from '../../collect/artifacts.js';
import { bundleSource, writeBundle } from '../../collect/bundle.js';
import type { Manifest } from '../../collect/manifest.js';
import { PROBES_FILE } from '../../collect/network/recording.js';
import { redactBundleFiles, type BundleRedaction } from '../../collect/redact.js';
import { analyse } from '../../engine/analyse.js';
import { EXIT } from '../../engine/exit-code.js';
import { formatBytes } from '../../collect/limits.js';
import { runtimeWarning } from '../../knowledge/node-lifecycle.js';
import { renderHtml } from '../../report/html.js';
import { renderJson } from '../../report/json.js';
import { printable } from '../../report/printable.js';
import { buildReport, type Report } from '../../report/model.js';
import { redactReport } from '../../report/redact.js';
import { CliError } from '../errors.js';
import { ensureNewFiles } from '../io.js';
import { parseSince } from '../since.js';

export interface CollectOptions {
  /** The zip (or folder) to write; default: ndes-doctor-<host>-<UTC time>.zip here. An existing folder gets that name inside it. */
  out?: string;
  force: boolean;
  quiet: boolean;
  /** false with --no-redact */
  redact: boolean;
  redactHosts?: boolean;
  redactUsers?: boolean;
  /** Start of the log window (duration or date); default 7 days. */
  since?: string;
}

/** How long the check of the collected data may take: a bundle in memory is read at once. */
const ANALYSIS_TIMEOUT_MS = 120_000;

/** Gathers every known artifact from this Windows server into one zip, with the report of a check of the same data. */
export async function collectCommand(opts: CollectOptions, argv: string[] = []): Promise<number> {
  const names = { hosts: opts.redactHosts === true, users: opts.redactUsers === true };
  if (!opts.redact && (names.hosts || names.users)) throw new CliError(`${names.hosts ? '--redact-hosts' : '--redact-users'} cannot be combined with --no-redact.`);
  if (process.platform !== 'win32') {
    throw new CliError(
      `collect reads a Windows NDES server's configuration; run it on the server itself (this is ${process.platform}).`,
    );
  }
  const since = opts.since === undefined ? undefined : parseSince(opts.since, new Date());
  const startedAt = new Date();
  const out = await outputPath(opts.out, defaultName(names.hosts ? 'host-1' : hostname(), startedAt));
  await ensureNewFiles([out], opts.force);
  const { liveSource } = await import('../../collect/windows/live.js');
  const source = await liveSource({ since });
  await Promise.all(ARTIFACT_IDS.map((id) => source.read(id)));
  if (opts.force) await rm(out, { recursive: true, force: true });
  const attachment = await buildAttachment(source.manifest, source.files, { redact: opts.redact, ...names, argv, origin: basename(out), startedAt });
  await writeBundle(out, attachment.manifest, attachment.files);
  if (!opts.quiet) {
    const runtime = runtimeWarning(process.version, new Date());
    if (runtime) process.stderr.write(`Warning: ${runtime}\n`);
    process.stderr.write(await collectSummary(out, attachment));
  }
  return EXIT.OK;
}

export interface AttachmentOptions {
  redact: boolean;
  hosts: boolean;
  users: boolean;
  argv: string[];
  /** The file name the report gives as the bundle it judged. */
  origin: string;
  startedAt: Date;
}

export interface Attachment {
  manifest: Manifest;
  /** The artifacts, as redacted, plus report.json and report.html. */
  files: Map<string, Uint8Array>;
  report: Report;
  redaction: BundleRedaction;
  /** How many artifact files there are, without the report. */
  artifacts: number;
}

export const REPORT_FILES = { json: 'report.json', html: 'report.html' } as const;

/**
 * The bundle `collect` writes: the artifacts (redacted, and pseudonymised when asked), and the report
 * of a check of exactly those files, judged as of the collection time, as `check --bundle` judges the
 * bundle later on any machine.
 */
export async function buildAttachment(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>, opts: AttachmentOptions): Promise<Attachment> {
  const redacted = opts.redact
    ? redactBundleFiles(files, { hosts: opts.hosts, users: opts.users }, manifest)
    : { files: new Map(files), manifest: undefined, names: undefined, redaction: { applied: false, rules: [], masked: 0 } as BundleRedaction };
  const bundleManifest: Manifest = redacted.manifest ?? { ...manifest, redaction: redacted.redaction };
  const source = bundleSource(opts.origin, bundleManifest, redacted.files);
  const checks = CHECKS.filter((c) => !c.requires.includes('profile'));
  const { results, evaluatedAt, connector, runWarnings } = await analyse(source, 'bundle', checks, {
    startedAt: opts.startedAt,
    concurrency: 8,
    checkTimeoutMs: 30_000,
    deadline: Date.now() + ANALYSIS_TIMEOUT_MS,
  });
  const built = buildReport({
    mode: 'bundle',
    startedAt: opts.startedAt,
    evaluatedAt,
    finishedAt: new Date(),
    argv: opts.argv,
    manifest: bundleManifest,
    origin: opts.origin,
    connector,
    failOn: 'info',
    timeouts: { checkMs: 30_000, runMs: ANALYSIS_TIMEOUT_MS },
    config: { only: [], skip: [] },
    results,
    runWarnings,
  });
  // The report is a file that leaves the server like the bundle: redacted alike, with the bundle's pseudonyms.
  const report = opts.redact ? redactReport(built, { hosts: opts.hosts, users: opts.users }, redacted.names) : built;
  const out = new Map(redacted.files);
  out.set(REPORT_FILES.json, new TextEncoder().encode(renderJson(report)));
  out.set(REPORT_FILES.html, new TextEncoder().encode(renderHtml(report, { color: false, verbose: true })));
  return { manifest: bundleManifest, files: out, report, redaction: redacted.redaction, artifacts: redacted.files.size };
}

/** `ndes-doctor-NDES01-20261120T091402Z.zip`: the server and the UTC time, so bundles of several servers and days never collide. */
export function defaultName(host: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `ndes-doctor-${host.replace(/[^A-Za-z0-9-]+/g, '-') || 'server'}-${stamp}.zip`;
}

/** --out as given (a .zip, or a new folder for a bundle folder), the default name inside an existing folder, or the default name here. */
async function outputPath(out: string | undefined, name: string): Promise<string> {
  if (out === undefined) return resolve(name);
  const isFolder = await stat(out).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return resolve(isFolder && !out.toLowerCase().endsWith('.zip') ? join(out, name) : out);
}

/** Where the bundle is and what it holds, for the person who sends it. */
export async function collectSummary(out: string, a: Attachment): Promise<string> {
  const size = await stat(out).then(
    (s) => (s.isFile() ? ` (${formatBytes(s.size)})` : ''),
    () => '',
  );
  const failed = Object.values(a.manifest.artifacts).filter((r) => r.status === 'failed').length;
  const folders = new Map<string, number>();
  for (const name of a.files.keys()) {
    if (name === REPORT_FILES.json || name === REPORT_FILES.html) continue;
    const folder = name.includes('/') ? name.slice(0, name.indexOf('/')) : name;
    folders.set(folder, (folders.get(folder) ?? 0) + 1);
  }
  const n = a.report.summary.counts;
  const lines = [
    `Wrote ${out}${size}, the support bundle to attach to a ticket. It holds:`,
    `  - ${a.artifacts} raw artifacts of this server as Windows wrote them (${[...folders].map(([f, c]) => `${f} ${c}`).join(', ')})` +
      (failed ? `; ${failed} could not be collected (manifest.json says why)` : ''),
    probeLine(a),
    `  - ${REPORT_FILES.html} and ${REPORT_FILES.json}: a check of exactly this data, ${a.report.summary.status.toUpperCase()} (exit ${a.report.summary.exitCode}): ` +
      `${n.fail} fail, ${n.error} error, ${n.warn} warn, ${n.pass} pass, ${n.skip} skip`,
    '  - manifest.json: what was collected and how, and what was redacted',
    redactionLine(a.redaction),
    `Open ${REPORT_FILES.html} from it to read the findings; "ndes-doctor check --bundle ${basename(out)}" analyses it again on any machine.`,
  ];
  return lines.join('\n') + '\n';
}

function probeLine(a: Attachment): string {
  const bytes = a.files.get(PROBES_FILE);
  // The reason and the URLs come from the server (its configuration, its answers): escape sequences in them must not reach the terminal.
  if (!bytes) return `  - no probe recordings: ${printable(a.manifest.artifacts['network.probes']?.message ?? 'the endpoint was not probed')}`;
  let urls: string[] = [];
  try {
    urls = (JSON.parse(new TextDecoder().decode(bytes)) as { targets?: { url?: string }[] }).targets?.flatMap((t) => t.url ?? []) ?? [];
  } catch {
    // The report says what is wrong with the file; here it is enough to name it.
  }
  return `  - the recorded probes of ${printable(urls.join(', ')) || 'the SCEP endpoint'}, as a device sees it (${PROBES_FILE})`;
}

function redactionLine(r: BundleRedaction): string {
  if (!r.applied) return 'Not redacted (--no-redact): configuration files may hold encrypted passwords, IIS logs SCEP messages, and every name is as on the server. Review before sharing.';
  const counts = r.counts ?? {};
  const masked = Object.entries(counts)
    .filter(([rule, c]) => c && !['hosts', 'users', 'certificates'].includes(rule))
    .map(([rule, c]) => `${rule} ${c}`);
  const parts = [`${masked.length ? `secrets masked (${masked.join(', ')})` : 'no secret found to mask'}`];
  if (r.rules.includes('hosts')) parts.push(`host and domain names replaced by pseudonyms (${counts.hosts ?? 0})`);
  if (r.rules.includes('users')) parts.push(`account names replaced by pseudonyms (${counts.users ?? 0})`);
  if (counts.certificates) parts.push(`${counts.certificates} certificate(s) re-issued under the pseudonyms`);
  return `Redacted: ${parts.join('; ')}. Redaction is best-effort: review before sharing.`;
}
