import { PROBES_FORMAT, PROBES_VERSION, type ProbeFile, type TargetRecording } from '../recordings/probes.js';
import { excerpt, jsonProblem, ParseError, plainMessage } from './errors.js';

/** A network/probes.json that is not a probe recording this version reads. */
export class ProbeFileError extends ParseError {
  override name = 'ProbeFileError';
}

/** Reads network/probes.json; throws with what is wrong, so the checks can say why they cannot run. */
export function parseProbeFile(text: string): ProbeFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ProbeFileError(`not valid JSON (${jsonProblem(e)})`);
  }
  const f = data as Partial<ProbeFile> | null;
  if (!f || typeof f !== 'object' || f.format !== PROBES_FORMAT) throw new ProbeFileError(`not an ndes-doctor probe recording (format is not "${PROBES_FORMAT}")`);
  if (typeof f.version !== 'number' || f.version > PROBES_VERSION) {
    throw new ProbeFileError(`recording format ${String(f.version)} is newer than this ndes-doctor understands (${PROBES_VERSION}); upgrade ndes-doctor`);
  }
  if (!Array.isArray(f.targets)) throw new ProbeFileError('"targets" is not a list');
  f.targets.forEach(checkTarget);
  return f as ProbeFile;
}

function checkTarget(t: TargetRecording, i: number): void {
  const where = `target ${i + 1}`;
  if (!t || typeof t !== 'object') throw new ProbeFileError(`${where} is not an object`);
  if (typeof t.url !== 'string' || typeof t.host !== 'string') throw new ProbeFileError(`${where} has no url or host`);
  if (!Array.isArray(t.exchanges)) throw new ProbeFileError(`${where} (${excerpt(t.url, 80)}) has no "exchanges" list`);
  t.exchanges.forEach((e, j) => {
    if (!e || typeof e.purpose !== 'string' || !e.request) throw new ProbeFileError(`${where} (${excerpt(t.url, 80)}), exchange ${j + 1}: no purpose or request`);
    if (e.response && typeof e.response.status !== 'number') throw new ProbeFileError(`${where} (${excerpt(t.url, 80)}), exchange ${j + 1}: response without a numeric status`);
  });
  t.notes ??= [];
  // Recordings made before errors were put into words carry OpenSSL's raw text.
  for (const error of [t.tls?.error, ...Object.values(t.tls?.versions ?? {}).map((v) => v?.error), ...t.exchanges.map((e) => e.error)]) {
    if (error && typeof error.message === 'string') error.message = plainMessage(error.message);
  }
}
