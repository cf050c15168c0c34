import { readFile } from 'node:fs/promises';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAdminPage } from '../../parse/scep-response.js';
import { closeConnection, freshConnections, httpExchange, keptConnection, oneRequestConnection, type HttpLimits, type HttpTarget, type Sessions } from './http.js';
import { longUrlAnswer, type Exchange, type Purpose, type TargetRecording } from './recording.js';
import { parseTarget, type ProbeTarget } from './targets.js';
import { probeTls, tlsContexts, type TlsContexts } from './tls-probe.js';

export interface ProbeOptions {
  /** PEM file whose certificates are trusted in addition to the system roots. */
  caFile?: string;
  /** More trusted certificates (PEM) and where they came from, e.g. the server's own Root store. */
  trust?: { pem: readonly string[]; from: string };
  /** Host name -> IP address, like curl --resolve: probe one server behind a shared name. */
  resolve?: Record<string, string>;
  limits?: Partial<HttpLimits>;
  tlsTimeoutMs?: number;
  /** Targets probed at once. */
  concurrency?: number;
  /** GetCACert calls on fresh connections, compared to detect load balancing without affinity. */
  affinityCalls?: number;
  longUrl?: boolean;
  /** Sends a PKIOperation that the policy module must refuse; off unless asked for. */
  probeEnroll?: boolean;
  deadline?: AbortSignal;
  /** Called as each target finishes, for progress output. */
  onTarget?: (t: TargetRecording) => void;
}

export const DEFAULT_LIMITS: HttpLimits = {
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  maxBodyBytes: 256 * 1024,
  maxHeaderBytes: 64 * 1024,
};

/**
 * Long-URL search, request-target sizes in bytes: the ~64 KB Microsoft configures first, then each size
 * NDES-NET-012 judges by (40 KB devices send, 30 KB NDES's documented limit clears, 16 KB the HTTP.sys default).
 * Only a limit below `narrowBelow`, which fails whichever layer sets it, is searched for to `precision`: there its
 * exact size tells the setting apart (IIS maxUrl's 4,096 default, a proxy's 8 KB, HTTP.sys's 16 KB); above it the
 * thresholds alone decide every verdict, and each further request would be ~32 KB sent for nothing.
 */
export const LONG_URL = { top: 65_000, thresholds: [40_960, 30_720, 16_384], narrowBelow: 30_720, precision: 1_024, maxAttempts: 12 } as const;

const CLIENT_MESSAGE = 'ndes-doctor';
/**
 * Targets probed at once unless told otherwise. Each is a different server, so none gets more load; a target spends
 * much of its time waiting on round trips, and 16 kept two cores busier than 8 (a 200-target fleet 10% sooner).
 */
const TARGETS_AT_ONCE = 16;

/** Probes every target (at most `concurrency` at once); results come back in input order. */
export async function probeTargets(inputs: readonly string[], opts: ProbeOptions = {}): Promise<TargetRecording[]> {
  return Promise.all(await startProbes(inputs, opts));
}

/**
 * Starts probing every target, at most `concurrency` at once, and returns one promise per target,
 * in input order, each settled as soon as its target is done, so analysis need not wait for the slowest.
 */
export async function startProbes(inputs: readonly string[], opts: ProbeOptions = {}): Promise<Promise<TargetRecording>[]> {
  const targets = inputs.map(parseTarget);
  const extra = [...(opts.caFile ? await loadCa(opts.caFile) : []), ...(opts.trust?.pem ?? [])];
  // Built once per run and shared by every connection: building a context costs more than a probe.
  const contexts = tlsContexts(extra);
  // Once per run too: --resolve may name each of hundreds of targets.
  const lookup = lookupFor(opts.resolve);
  const settle: { resolve(r: TargetRecording): void; reject(e: unknown): void }[] = [];
  const recordings = targets.map(() => new Promise<TargetRecording>((resolve, reject) => settle.push({ resolve, reject })));
  // Whoever awaits a target may do so later; until then a failure must not count as unhandled.
  for (const r of recordings) r.catch(() => undefined);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      try {
        const recording = await probeTarget(targets[i]!, contexts, lookup, opts);
        opts.onTarget?.(recording);
        settle[i]!.resolve(recording);
      } catch (e) {
        settle[i]!.reject(e);
      }
    }
  };
  for (let w = 0; w < Math.min(opts.concurrency ?? TARGETS_AT_ONCE, targets.length); w++) void worker();
  return recordings;
}

async function loadCa(file: string): Promise<string[]> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`--ca-file ${file}: ${(e as Error).message}`);
  }
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!certs) throw new Error(`--ca-file ${file}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it`);
  return certs;
}

/** What the probe trusted besides the system roots, as the recording and NDES-NET-008 name it. */
function trustedFrom(opts: ProbeOptions): string | undefined {
  return [opts.caFile, opts.trust?.from].filter(Boolean).join(' and ') || undefined;
}

function lookupFor(resolve: Record<string, string> | undefined): LookupFunction | undefined {
  if (!resolve || Object.keys(resolve).length === 0) return undefined;
  const addresses = new Map(Object.entries(resolve).map(([name, address]) => [name.toLowerCase(), address]));
  return (hostname, options, callback) => {
    const address = addresses.get(hostname.toLowerCase());
    if (!address) {
      callback(Object.assign(new Error(`${hostname} is not in --resolve`), { code: 'ENOTFOUND' }), '', 4);
      return;
    }
    const family = isIP(address) || 4;
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

export async function probeTarget(target: ProbeTarget, contexts: TlsContexts, lookup: LookupFunction | undefined, opts: ProbeOptions): Promise<TargetRecording> {
  const started = Date.now();
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const { url } = target;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const http: HttpTarget = { origin: url.origin, secureContext: contexts.trusted, ...(lookup && { lookup }), ...(opts.deadline && { deadline: opts.deadline }) };
  const path = url.pathname;
  const notes: string[] = [];

  // The mscep.dll request, GetCACaps and then the long-URL search share a connection, one request after another (opened
  // again whenever the server closes it, as it does after a refusal), first the TLS probe's main handshake when a strict
  // client accepts it. The mscep_admin request, which verifies nothing, goes on the TLS 1.2 probe's handshake, whatever
  // its certificate. The load-balancer affinity calls need fresh connections: a load balancer spreads connections, not
  // sessions, so they follow mscep.dll's answer one after another, each resuming the newest session of the target's verified
  // connections: after the main handshake, none costs a full one.
  const tlsProbe = url.protocol === 'https:' ? probeTls({ host, port, contexts, caFile: trustedFrom(opts), lookup }, opts.tlsTimeoutMs ?? limits.connectTimeoutMs * 2, opts.deadline) : undefined;
  const sessions: Sessions = {};
  const kept = keptConnection(http, limits, tlsProbe?.connection, sessions);
  const unverified = { ...http, verifyCertificate: false };
  const admin = tlsProbe && oneRequestConnection(unverified, limits, tlsProbe.unverifiedConnection);
  const affinity = freshConnections(http, limits, sessions);
  const send = async (purpose: Purpose, reqPath: string, shownUrl?: string, extra?: Partial<Exchange['request']>): Promise<Exchange> => {
    const target = extra?.certificateVerified === false ? unverified : http;
    const on = purpose === 'mscep' || purpose === 'getcacaps' || purpose === 'long-url' ? kept : purpose === 'mscep-admin' ? admin : affinity;
    const r = await httpExchange(target, { method: 'GET', path: reqPath }, limits, opts.deadline, on);
    const ex: Exchange = {
      purpose,
      request: { method: 'GET', url: shownUrl ?? url.origin + reqPath, ...extra },
      timing: { ...(r.headersMs !== undefined && { headersMs: r.headersMs }), totalMs: r.totalMs },
    };
    if (r.response) {
      const { body, ...rest } = r.response;
      ex.response =
        purpose === 'mscep-admin'
          ? { ...rest, adminPage: classifyAdminPage(body) }
          : { ...rest, bodyBase64: Buffer.from(body).toString('base64') };
    }
    if (r.error) ex.error = r.error;
    return ex;
  };
  const op = (operation: string) => `${path}?operation=${operation}&message=${CLIENT_MESSAGE}`;
  const adminPath = path.replace(/\/mscep\/mscep\.dll$/i, '/mscep_admin/');

  const affinityCalls = Math.max(1, opts.affinityCalls ?? 3);
  // Sent in turn, so that each request's time limit runs from when it is sent, not while it waits for the connection.
  const mscep = send('mscep', path);
  const shared = (async (): Promise<[Exchange, Exchange]> => [await mscep, await send('getcacaps', op('GetCACaps'))])();
  const [[mscepAnswer, caps], calls, adminPage, long] = await Promise.all([
    shared,
    // After mscep.dll's answer, by which the server has sent the main connection's session ticket.
    (async (calls: Exchange[]) => {
      await mscep;
      for (let i = 0; i < affinityCalls; i++) calls.push(await send('getcacert', op('GetCACert')));
      return calls;
    })([]),
    // Read-only, and unverified: whoever can reach the page gets it, whatever they think of the certificate.
    adminPath !== path ? send('mscep-admin', adminPath, undefined, url.protocol === 'https:' ? { certificateVerified: false } : undefined) : undefined,
    // On the shared connection once GetCACaps has answered, while the affinity calls run on theirs.
    shared.then(async ([, caps]): Promise<{ exchanges: Exchange[]; note?: string }> => {
      if (opts.longUrl === false) return { exchanges: [], note: 'long-URL search not run (turned off)' };
      if (caps.response?.status !== 200) return { exchanges: [], note: 'long-URL search not run: GetCACaps did not answer 200, so there is no baseline to compare with' };
      const exchanges = await longUrlSearch(path, caps, (size) => {
        const prefix = `${path}?operation=GetCACaps&message=`;
        const pad = Math.max(0, size - prefix.length);
        return send('long-url', prefix + 'A'.repeat(pad), `${url.origin}${prefix}<padding:${pad} bytes>`, { requestTargetBytes: prefix.length + pad });
      });
      return { exchanges };
    }),
  ]);
  if (admin) closeConnection(admin);
  closeConnection(affinity);
  const tls = await tlsProbe?.recording;
  const exchanges = [mscepAnswer, caps, ...calls, ...(adminPage ? [adminPage] : []), ...long.exchanges];
  if (adminPath === path) notes.push('mscep_admin not probed: the URL does not end in /mscep/mscep.dll');
  if (long.note) notes.push(long.note);
  closeConnection(kept);
  // Not taken when the first request never got to connect (the run's deadline, say).
  for (const handed of tlsProbe ? [tlsProbe.connection, tlsProbe.unverifiedConnection] : []) void handed.then((socket) => socket?.destroy());

  if (opts.probeEnroll) {
    const { enrollmentProbe } = await import('./enroll.js');
    exchanges.push(await enrollmentProbe(http, path, exchanges, limits, opts.deadline));
  }

  return {
    input: target.input,
    url: url.href,
    host,
    port,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    exchanges,
    ...(tls && { tls }),
    notes,
  };
}

/**
 * GetCACaps ignores `message`, so padding it tests the whole path's URL limit without side effects.
 * Tries the ~64 KB Microsoft configures; when that is refused, each threshold below it until one is
 * accepted, then, when the limit lies below LONG_URL.narrowBelow, bisects to the largest size accepted.
 * A request that got neither an answer nor a dropped connection (a timeout) decides nothing, so the
 * search stops there.
 */
async function longUrlSearch(path: string, baseline: Exchange, attempt: (size: number) => Promise<Exchange>): Promise<Exchange[]> {
  const done: Exchange[] = [];
  const accepted = (e: Exchange) => longUrlAnswer(e, baseline.response) === 'accepted';
  const undecided = (e: Exchange) => longUrlAnswer(e, baseline.response) === 'undecided';
  const step = async (size: number) => {
    const e = await attempt(size);
    done.push(e);
    return e;
  };
  const top = await step(LONG_URL.top);
  if (accepted(top) || undecided(top)) return done;
  let lo: number = path.length + 40;
  let hi: number = LONG_URL.top;
  for (const size of LONG_URL.thresholds) {
    const e = await step(size);
    if (undecided(e)) return done;
    if (accepted(e)) {
      lo = size;
      break;
    }
    hi = size;
  }
  if (lo >= LONG_URL.narrowBelow) return done;
  while (hi - lo > LONG_URL.precision && done.length < LONG_URL.maxAttempts) {
    const mid = Math.floor((lo + hi) / 2);
    const e = await step(mid);
    if (undecided(e)) break;
    if (accepted(e)) lo = mid;
    else hi = mid;
  }
  return done;
}
