import { registryArtifacts } from './windows/registry-artifacts.js';

/** How one raw artifact is gathered on a live Windows server. */
export type WindowsSource =
  /** `reg export <key>`: UTF-16LE .reg text, the key and all its subkeys. */
  | { kind: 'registry'; key: string }
  /** A file copied as it is on disk. */
  | { kind: 'file'; path: string }
  /** A command's stdout as raw bytes (console output in the OEM code page). */
  | { kind: 'command'; file: string; args: readonly string[] };

export interface ArtifactSpec {
  /** Path inside the bundle; later entries are accepted alternatives (e.g. `reg query` text). */
  files: readonly [string, ...string[]];
  description: string;
  windows: WindowsSource;
  /** Reading it needs an elevated prompt; a non-elevated run reports E_NOT_ELEVATED for it. */
  needsElevation?: boolean;
}

/**
 * Every raw artifact ndes-doctor knows. Area modules contribute their own;
 * the bundle layout in docs/bundle.md is generated from this list.
 */
export const ARTIFACTS = {
  ...registryArtifacts,
} satisfies Record<string, ArtifactSpec>;

export type ArtifactId = keyof typeof ARTIFACTS;

export const ARTIFACT_IDS = Object.keys(ARTIFACTS) as ArtifactId[];
