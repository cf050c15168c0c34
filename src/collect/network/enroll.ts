import type { HttpLimits, HttpTarget } from './http.js';
import type { Exchange } from './recording.js';

/** Placeholder until the enrollment probe is written: records that it was asked for and not run. */
export async function enrollmentProbe(_http: HttpTarget, _path: string, _done: Exchange[], _limits: HttpLimits, _deadline?: AbortSignal): Promise<Exchange> {
  return { purpose: 'pkioperation', request: { method: 'POST', url: 'not sent' }, error: { code: 'E_NOT_IMPLEMENTED', message: 'the enrollment probe is not available in this version' }, timing: { totalMs: 0 } };
}
