import { PROBES_FORMAT, PROBES_VERSION, type ProbeFile, type TargetRecording } from '../collect/network/recording.js';

/** Reads network/probes.json; throws with what is wrong, so the checks can say why they cannot run. */
export function parseProbeFile(text: string): ProbeFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`);
  }
  const f = data as Partial<ProbeFile> | null;
  if (!f || typeof f !== 'object' || f.format !== PROBES_FORMAT) throw new Error(`not an ndes-doctor probe recording (format is not "${PROBES_FORMAT}")`);
  if (typeof f.version !== 'number' || f.version > PROBES_VERSION) {
    throw new Error(`recording format ${String(f.version)} is newer than this ndes-doctor understands (${PROBES_VERSION}); upgrade ndes-doctor`);
  }
  if (!Array.isArray(f.targets)) throw new Error('"targets" is not a list');
  f.targets.forEach(checkTarget);
  return f as ProbeFile;
}

function checkTarget(t: TargetRecording, i: number): void {
  const where = `target ${i + 1}`;
  if (!t || typeof t !== 'object') throw new Error(`${where} is not an object`);
  if (typeof t.url !== 'string' || typeof t.host !== 'string') throw new Error(`${where} has no url or host`);
  if (!Array.isArray(t.exchanges)) throw new Error(`${where} (${t.url}) has no "exchanges" list`);
  t.exchanges.forEach((e, j) => {
    if (!e || typeof e.purpose !== 'string' || !e.request) throw new Error(`${where} (${t.url}), exchange ${j + 1}: no purpose or request`);
    if (e.response && typeof e.response.status !== 'number') throw new Error(`${where} (${t.url}), exchange ${j + 1}: response without a numeric status`);
  });
  t.notes ??= [];
}
