import type { ArtifactKind } from './limits.js';

/** How one raw artifact is gathered on a live Windows server. */
export type WindowsSource =
  /** `reg export <key>`: UTF-16LE .reg text, the key and all its subkeys. */
  | { kind: 'registry'; key: string }
  /** A file copied as it is on disk. */
  | { kind: 'file'; path: string }
  /** A command's stdout as raw bytes (console output in the OEM code page). */
  | { kind: 'command'; file: string; args: readonly string[] }
  /** Probes of this server's own SCEP endpoint (src/collect/network), recorded as network/probes.json. */
  | { kind: 'probe' }
  /** The web.config in the folder applicationHost.config maps this URL path of the NDES site to (src/collect/windows/iis-web-config.ts). */
  | { kind: 'iis-web-config'; urlPath: string }
  /** A command that writes its result to a file: `{out}` in args becomes a fresh temporary file, whose bytes are kept, and `{log}` a log file beside it. */
  | { kind: 'command-file'; file: string; args: readonly string[] }
  /** HTTPS to the Intune endpoints through the connector's proxy (src/collect/network/intune-probe.ts), recorded as network/intune.json. */
  | { kind: 'intune-probe' }
  /** `wevtutil qe <channel>` within --since, newest first, at most maxEvents (src/collect/windows/logs.ts). */
  | { kind: 'events'; channel: string; /** XPath conditions inside System[...], besides the time window. */ filter?: string; maxEvents: number }
  /**
   * The files of a log folder written within --since, newest first up to maxBytes, concatenated
   * oldest first. `iis-site`: the NDES site's W3C folder from applicationHost.config; `httperr`:
   * HTTP.sys ErrorLoggingDir; otherwise a folder path with environment variables.
   */
  | { kind: 'log-files'; folder: 'iis-site' | 'httperr' | (string & {}); pattern: string; format: 'w3c' | 'xml' | 'text'; maxBytes: number };

export interface ArtifactSpec {
  /** Path inside the bundle; later entries are accepted alternatives (e.g. `reg query` text). */
  files: readonly [string, ...string[]];
  description: string;
  windows: WindowsSource;
  /** Reading it needs an elevated prompt; a non-elevated run reports E_NOT_ELEVATED for it. */
  needsElevation?: boolean;
  /** The command may rightly print nothing (e.g. the SPN listing for a pool with a built-in identity); for others, empty output is a failed collection. */
  emptyOutputIsAnswer?: boolean;
  /** For commands that wait on the network (CRL downloads); the default is 30 seconds. */
  timeoutMs?: number;
  /** Which size cap applies (src/collect/limits.ts); by default told by the extension of `files[0]`. */
  kind?: ArtifactKind;
}
