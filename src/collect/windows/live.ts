import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, type ArtifactId } from '../artifacts.js';
import type { WindowsSource } from '../artifact-spec.js';
import { collectionFailure, type ArtifactSource } from '../bundle.js';
import { BUNDLE_VERSION, type ArtifactRecord, type Manifest, type RawArtifact } from '../manifest.js';
import { decodeText } from '../../parse/text.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { runCommand } from './exec.js';
import { locateIisWebConfig } from './iis-web-config.js';
import { DEFAULT_LOG_WINDOW_MS } from './log-artifacts.js';
import { gatherEvents, gatherLogFiles } from './logs.js';

const COMMAND_TIMEOUT_MS = 30_000;

/** reg.exe has no locale-independent "not found" exit code, so its localized message is matched. */
const NOT_FOUND = /unable to find|nicht gefunden|introuvable|n.a pas trouv|no (se )?(pudo|puede) encontrar|impossibile trovare|não (foi possível|conseguiu) encontrar|niet (gevonden|vinden)|nie można odnaleźć|не удается найти/i;

/** The High Mandatory Level SID appears in `whoami /groups` only in an elevated process. */
const HIGH_INTEGRITY_SID = 'S-1-16-12288';

export interface LiveCollector extends ArtifactSource {
  /** Every artifact collected so far, as bundle files. */
  files: Map<string, Uint8Array>;
}

export interface LiveOptions {
  /** Start of the log window (`--since`); default: 7 days before now. */
  since?: Date;
}

/** Collects artifacts from the running Windows server, each at most once, on demand. */
export async function liveSource(opts: LiveOptions = {}): Promise<LiveCollector> {
  const since = opts.since ?? new Date(Date.now() - DEFAULT_LOG_WINDOW_MS);
  const [whoami, chcp] = await Promise.all([
    runCommand('whoami', ['/groups'], COMMAND_TIMEOUT_MS),
    runCommand('cmd', ['/d', '/c', 'chcp'], COMMAND_TIMEOUT_MS),
  ]);
  const oemCodePage = Number(/(\d{3,5})/.exec(decodeText(chcp.stdout))?.[1]) || undefined;
  const manifest: Manifest = {
    bundleVersion: BUNDLE_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    collectedAt: new Date().toISOString(),
    host: {
      name: hostname(),
      os: `Windows ${release()}`,
      oemCodePage,
      elevated: whoami.failure ? undefined : decodeText(whoami.stdout, oemCodePage).includes(HIGH_INTEGRITY_SID),
    },
    artifacts: {},
  };
  const files = new Map<string, Uint8Array>();
  const pending = new Map<ArtifactId, Promise<RawArtifact>>();

  const collect = async (id: ArtifactId): Promise<RawArtifact> => {
    const spec = ARTIFACTS[id];
    const file = spec.files[0];
    const timeoutMs = 'timeoutMs' in spec ? spec.timeoutMs : COMMAND_TIMEOUT_MS;
    const gathered = await gather(spec.windows, oemCodePage, read, since, timeoutMs);
    const { record } = gathered;
    let bytes = gathered.bytes;
    // Each tool asked for prints something when it works (a header, `[]`, XML); silence from one
    // that exited 0 means it is missing or broken (Wine's stubs do this), not that nothing exists.
    const mayBeSilent = 'emptyOutputIsAnswer' in spec && spec.emptyOutputIsAnswer;
    if (bytes && spec.windows.kind === 'command' && !mayBeSilent && decodeText(bytes, oemCodePage).trim() === '') {
      bytes = undefined;
      Object.assign(record, { status: 'failed', errorCode: 'E_FACT_UNAVAILABLE', message: `printed nothing (exit code ${record.exitCode ?? 0}); run the command by hand to see why` });
    }
    // Annotated before it is recorded, so a saved bundle tells the same story as the live run.
    if (!bytes && record.status === 'failed' && 'needsElevation' in spec && spec.needsElevation && manifest.host.elevated === false) {
      record.errorCode = 'E_NOT_ELEVATED';
      record.message = `needs an elevated prompt (Run as administrator): ${record.message}`;
    }
    manifest.artifacts[id] = { ...record, file };
    if (bytes) {
      files.set(file, bytes);
      return { status: 'ok', file, bytes, codePage: oemCodePage };
    }
    if (record.status === 'not-found') return { status: 'not-found', file, message: record.message ?? 'not found' };
    return { status: 'unavailable', errorCode: record.errorCode ?? 'E_FACT_UNAVAILABLE', message: collectionFailure(id, record) };
  };

  const read = (id: ArtifactId): Promise<RawArtifact> => {
    let p = pending.get(id);
    if (!p) pending.set(id, (p = collect(id)));
    return p;
  };
  return { manifest, origin: hostname(), files, read };
}

async function gather(
  source: WindowsSource,
  oemCodePage: number | undefined,
  read: (id: ArtifactId) => Promise<RawArtifact>,
  since: Date,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<{ record: ArtifactRecord; bytes?: Uint8Array }> {
  switch (source.kind) {
    case 'events':
      return gatherEvents(source, since, oemCodePage);
    case 'log-files':
      return gatherLogFiles(source, { since, env: process.env, read });
    case 'iis-web-config': {
      const located = await locateIisWebConfig(source.urlPath);
      return 'path' in located ? gather({ kind: 'file', path: located.path }, oemCodePage, read, since) : { record: located.record };
    }
    case 'command-file': {
      const dir = await mkdtemp(join(tmpdir(), 'ndes-doctor-'));
      try {
        const out = join(dir, 'out');
        const args = source.args.map((a) => a.replace('{out}', out).replace('{log}', join(dir, 'log.txt')));
        const r = await runCommand(source.file, args, timeoutMs);
        // The temporary paths change every run; the manifest shows where they point instead.
        const command = [source.file, ...source.args].join(' ').replace('{out}', '%TEMP%\\ndes-doctor-*\\out').replace('{log}', '%TEMP%\\ndes-doctor-*\\log.txt');
        const record: ArtifactRecord = { status: 'ok', command, exitCode: r.exitCode, durationMs: r.durationMs };
        if (r.failure) return { record: { ...record, status: 'failed', message: r.failure, errorCode: 'E_FACT_UNAVAILABLE' } };
        const bytes = await readFile(out).catch(() => undefined);
        if (r.exitCode === 0 && bytes?.length) return { record, bytes };
        const said = decodeText(r.stderr, oemCodePage).trim() || decodeText(r.stdout, oemCodePage).trim();
        const message = `${said || 'printed nothing'} (exit code ${r.exitCode}${bytes?.length ? '' : ', wrote no file'})`;
        return { record: { ...record, status: 'failed', message, errorCode: accessError(message) } };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    case 'intune-probe': {
      const { collectIntuneProbe } = await import('../network/intune-collect.js');
      return collectIntuneProbe(await read('connector.registry'));
    }
    case 'probe': {
      const { machineRootTrust, probeOwnEndpoint } = await import('../network/own-endpoint.js');
      return probeOwnEndpoint({ trust: await machineRootTrust(read) });
    }
    case 'registry': {
      const dir = await mkdtemp(join(tmpdir(), 'ndes-doctor-'));
      try {
        const out = join(dir, 'key.reg');
        const r = await runCommand('reg', ['export', source.key, out, '/y'], COMMAND_TIMEOUT_MS);
        const record: ArtifactRecord = { status: 'ok', command: r.command, exitCode: r.exitCode, durationMs: r.durationMs };
        if (r.exitCode === 0 && !r.failure) return { record, bytes: await readFile(out) };
        // reg.exe writes errors to stderr; Wine's reg writes them to stdout.
        const message = r.failure ?? (decodeText(r.stderr, oemCodePage).trim() || decodeText(r.stdout, oemCodePage).trim());
        if (NOT_FOUND.test(message)) return { record: { ...record, status: 'not-found', message } };
        return { record: { ...record, status: 'failed', message, errorCode: accessError(message) } };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    case 'file': {
      const started = Date.now();
      try {
        const bytes = await readFile(source.path);
        return { record: { status: 'ok', command: `read ${source.path}`, durationMs: Date.now() - started }, bytes };
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const record: ArtifactRecord = { status: err.code === 'ENOENT' ? 'not-found' : 'failed', command: `read ${source.path}`, message: err.message };
        if (err.code === 'EACCES' || err.code === 'EPERM') record.errorCode = 'E_ACCESS_DENIED';
        return { record };
      }
    }
    case 'command': {
      const r = await runCommand(source.file, source.args, timeoutMs);
      const record: ArtifactRecord = { status: 'ok', command: r.command, exitCode: r.exitCode, durationMs: r.durationMs };
      if (r.failure) return { record: { ...record, status: 'failed', message: r.failure, errorCode: 'E_FACT_UNAVAILABLE' } };
      if (r.exitCode !== 0 && r.stdout.length === 0) {
        const message = decodeText(r.stderr, oemCodePage).trim() || `exit code ${r.exitCode}`;
        return { record: { ...record, status: 'failed', message, errorCode: accessError(message) } };
      }
      return { record, bytes: r.stdout };
    }
  }
}

function accessError(message: string) {
  return /access is denied|zugriff verweigert|accès refusé|acceso denegado|accesso negato/i.test(message)
    ? ('E_ACCESS_DENIED' as const)
    : ('E_FACT_UNAVAILABLE' as const);
}
