const MB = 1024 * 1024;

/**
 * How much of each kind of artifact is read, at most. A bundle may come from a stranger, so every
 * artifact is capped and no more than the cap is ever held in memory or inflated from a zip. The
 * caps are far above what a real server writes (an NDES server's applicationHost.config is about
 * 100 KB, a Root store listing about 1 MB, the Session Manager export with a 40,000-line
 * AppCompatCache value about 6 MB) and low enough that parsing a file at its cap stays within the
 * time and memory budgets `npm run bench` checks (XML and certificates are the slowest to parse).
 * Logs are larger by nature (a week of a busy site's IIS log) and stream through their parsers
 * chunk by chunk, never held whole, so they have their own cap and are not counted in
 * MAX_BUNDLE_READ_BYTES.
 */
export const ARTIFACT_KINDS = {
  registry: { maxBytes: 16 * MB, label: 'registry export' },
  config: { maxBytes: 2 * MB, label: 'configuration file' },
  // A shared-hosting server's applicationHost.config runs to tens of megabytes (about 7 KB a site);
  // it is parsed in one streaming pass that keeps only the sections the checks read. 40 MB holds
  // 5,000 sites and keeps a file at the cap under the 400 MB peak RSS that bench-hostile holds.
  'iis-server-config': { maxBytes: 40 * MB, label: 'IIS server configuration (applicationHost.config)' },
  // JSON of many small objects costs about six times its size once parsed: 32 MB stays under 400 MB
  // (a million objects at most: src/parse/json-cost.ts).
  json: { maxBytes: 32 * MB, label: 'JSON file' },
  certificates: { maxBytes: 4 * MB, label: 'certificate store listing' },
  text: { maxBytes: 16 * MB, label: 'command output' },
  log: { maxBytes: 256 * MB, label: 'log file' },
} as const satisfies Record<string, { maxBytes: number; label: string }>;
export type ArtifactKind = keyof typeof ARTIFACT_KINDS;

/**
 * All artifacts read from one bundle in one run, together: a real server's come to a few MB. Their
 * parsed forms stay in memory while checks need them, so this bounds the run's peak memory
 * (`npm run bench` holds the largest bundle under 400 MB).
 */
export const MAX_BUNDLE_READ_BYTES = 64 * MB;
export const MAX_MANIFEST_BYTES = 4 * MB;
/** A bundle holds a few dozen files; a folder or zip with more entries than this is not one. */
export const MAX_BUNDLE_ENTRIES = 10_000;

const KIND_BY_EXTENSION: Record<string, ArtifactKind> = { reg: 'registry', config: 'config', xml: 'config', json: 'json' };

/** An artifact's kind: declared on its spec, else told by the extension of the file `collect` writes. */
export function artifactKind(spec: { kind?: ArtifactKind; files: readonly [string, ...string[]] }): ArtifactKind {
  if (spec.kind) return spec.kind;
  const ext = /\.([a-z0-9]+)$/i.exec(spec.files[0])?.[1]?.toLowerCase() ?? '';
  return KIND_BY_EXTENSION[ext] ?? 'text';
}

/** `48.0 MB` or `812 bytes`, for messages that name a size and a cap. */
export function formatBytes(n: number): string {
  return n >= MB ? `${(n / MB).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}
