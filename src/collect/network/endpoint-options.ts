/** The options that name SCEP endpoints to probe, shared by the source planner and the probes' opening. */
import { isIP } from 'node:net';
import { SourceError } from '../errors.js';

export interface EndpointOptions {
  url?: string[];
  targets?: string;
  caFile?: string;
  resolve?: string[];
  probeEnroll?: boolean;
  saveBundle?: string;
}

export function parseResolve(specs: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    specs.map((spec) => {
      const m = /^([^=\s]+)=\[?([^\]\s]+)\]?$/.exec(spec.trim());
      // Checked here, not at connect time, where a mistyped address made every probe fail on its own.
      if (!m || !isIP(m[2]!)) throw new SourceError(`--resolve takes <host>=<ip address>, e.g. ndes.contoso.com=10.0.0.5; got "${spec}".`);
      return [m[1]!.toLowerCase(), m[2]!];
    }),
  );
}
