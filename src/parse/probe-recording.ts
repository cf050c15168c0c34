import { isProbeError, PROBES_FORMAT, PROBES_VERSION, TLS_VERSIONS, type AdminPageKind, type ProbeFile, type TargetRecording } from '../recordings/probes.js';
import { excerpt, jsonProblem, ParseError, plainMessage } from './errors.js';
import { jsonCostProblem } from './json-cost.js';

/** A network/probes.json that is not a probe recording this version reads. */
export class ProbeFileError extends ParseError {
  override name = 'ProbeFileError';
}

/** Reads network/probes.json; throws with what is wrong, so the checks can say why they cannot run. */
export function parseProbeFile(text: string): ProbeFile {
  const costly = jsonCostProblem(text);
  if (costly) throw new ProbeFileError(`not read: ${costly}`);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ProbeFileError(`not valid JSON (${jsonProblem(e)})`);
  }
  const f = data as Partial<ProbeFile> | null;
  if (!f || typeof f !== 'object' || f.format !== PROBES_FORMAT) throw new ProbeFileError(`not an ndes-doctor probe recording (format is not "${PROBES_FORMAT}")`);
  if (typeof f.version !== 'number') throw new ProbeFileError(`recording format version is ${excerpt(JSON.stringify(f.version) ?? 'missing')}, not a number`);
  if (f.version > PROBES_VERSION) throw new ProbeFileError(`recording format ${f.version} is newer than this ndes-doctor understands (${PROBES_VERSION}); upgrade ndes-doctor`);
  if (!Array.isArray(f.targets)) throw new ProbeFileError('"targets" is not a list');
  f.targets.forEach(checkTarget);
  return f as ProbeFile;
}

function checkTarget(t: TargetRecording, i: number): void {
  const where = `target ${i + 1}`;
  if (!t || typeof t !== 'object') throw new ProbeFileError(`${where} is not an object`);
  if (typeof t.url !== 'string' || typeof t.host !== 'string') throw new ProbeFileError(`${where} has no url or host`);
  const named = `${where} (${excerpt(t.url, 80)})`;
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) throw new ProbeFileError(`${named} has no port number`);
  if (!Array.isArray(t.exchanges)) throw new ProbeFileError(`${named} has no "exchanges" list`);
  t.exchanges.forEach((e, j) => {
    if (!e || typeof e.purpose !== 'string' || !e.request) throw new ProbeFileError(`${named}, exchange ${j + 1}: no purpose or request`);
    if (e.purpose === 'long-url' && typeof e.request.requestTargetBytes !== 'number') throw new ProbeFileError(`${named}, exchange ${j + 1} (long-url): no requestTargetBytes`);
    const r = e.response;
    if (!r && !e.error) throw new ProbeFileError(`${named}, exchange ${j + 1} (${e.purpose}): neither a response nor an error`);
    if (!r) return;
    if (typeof r.status !== 'number') throw new ProbeFileError(`${named}, exchange ${j + 1}: response without a numeric status`);
    // Only the mscep_admin page is left out on purpose (it may hold a challenge password); any other missing body
    // would read as an empty one.
    if (typeof r.bodyBase64 !== 'string' && e.purpose !== 'mscep-admin') throw new ProbeFileError(`${named}, exchange ${j + 1} (${e.purpose}): response without its body`);
    if (!r.headers || typeof r.headers !== 'object' || !Object.values(r.headers).every((h) => typeof h === 'string') || typeof r.truncated !== 'boolean') {
      throw new ProbeFileError(`${named}, exchange ${j + 1} (${e.purpose}): response without its headers or its "truncated" flag`);
    }
    if (!Number.isInteger(r.bodyBytes) || r.bodyBytes < 0 || (r.adminPage !== undefined && !ADMIN_PAGES.includes(r.adminPage))) {
      throw new ProbeFileError(`${named}, exchange ${j + 1} (${e.purpose}): response without its body size, or with an admin page kind other than ${ADMIN_PAGES.join(', ')}`);
    }
  });
  for (const error of [t.tls?.error, ...Object.values(t.tls?.versions ?? {}).map((v) => v?.error), ...t.exchanges.map((e) => e.error)]) {
    if (error !== undefined && !isProbeError(error)) throw new ProbeFileError(`${named}: an error without its code or message (as text)`);
  }
  if (t.tls) checkTls(t.tls, named);
  else if (/^https:/i.test(t.url)) throw new ProbeFileError(`${named} has no TLS recording, which every https target gets`);
  t.notes ??= [];
  // Recordings made before errors were put into words carry OpenSSL's raw text.
  for (const error of [t.tls?.error, ...Object.values(t.tls?.versions ?? {}).map((v) => v?.error), ...t.exchanges.map((e) => e.error)]) {
    if (error && typeof error.message === 'string') error.message = plainMessage(error.message);
  }
}

/** The TLS facts the checks judge: each one missing would read as a refusal or an untrusted certificate. */
function checkTls(tls: NonNullable<TargetRecording['tls']>, named: string): void {
  if (!tls.versions || typeof tls.versions !== 'object') throw new ProbeFileError(`${named}: TLS recording without its protocol versions`);
  for (const v of TLS_VERSIONS) {
    if (typeof tls.versions[v]?.accepted !== 'boolean') throw new ProbeFileError(`${named}: TLS recording does not say whether ${v} was accepted`);
  }
  const h = tls.handshake;
  if (h && (typeof h.authorized !== 'boolean' || !Array.isArray(h.peerChain) || !h.peerChain.every((c) => typeof c === 'string') || typeof h.protocol !== 'string')) {
    throw new ProbeFileError(`${named}: TLS handshake without its protocol, certificate chain or verification result`);
  }
  if (h && ![h.cipher, h.authorizationError, h.hostnameError, h.extraCaFile].every((v) => v === undefined || typeof v === 'string')) {
    throw new ProbeFileError(`${named}: TLS handshake whose cipher, verification errors or extra CA file are not text`);
  }
}

const ADMIN_PAGES: readonly unknown[] = ['challenge-password', 'password-cache-full', 'no-permission', 'other'] satisfies AdminPageKind[];
