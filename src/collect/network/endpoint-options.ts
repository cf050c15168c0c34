/** The options that name SCEP endpoints to probe, shared by the source planner and the probes' opening. */
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
      const m = /^([^=\s]+)=([\d.]+|[0-9a-f:]+)$/i.exec(spec.trim());
      if (!m) throw new SourceError(`--resolve takes <host>=<ip address>, e.g. ndes.contoso.com=10.0.0.5; got "${spec}".`);
      return [m[1]!.toLowerCase(), m[2]!];
    }),
  );
}
