import { registryArtifacts } from './windows/registry-artifacts.js';
import { serverArtifacts } from './windows/server-artifacts.js';
import { connectorArtifacts } from './windows/connector-artifacts.js';
import { iisArtifacts } from './windows/iis-artifacts.js';
import { mscepArtifacts } from './windows/mscep-artifacts.js';
import { networkArtifacts } from './network/network-artifacts.js';
import { tlsArtifacts } from './windows/tls-artifacts.js';
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
  | { kind: 'iis-web-config'; urlPath: string };

export interface ArtifactSpec {
  /** Path inside the bundle; later entries are accepted alternatives (e.g. `reg query` text). */
  files: readonly [string, ...string[]];
  description: string;
  windows: WindowsSource;
  /** Reading it needs an elevated prompt; a non-elevated run reports E_NOT_ELEVATED for it. */
  needsElevation?: boolean;
  /** The command may rightly print nothing (e.g. the SPN listing for a pool with a built-in identity); for others, empty output is a failed collection. */
  emptyOutputIsAnswer?: boolean;
  /** Which size cap applies (src/collect/limits.ts); by default told by the extension of `files[0]`. */
  kind?: ArtifactKind;
}

/**
 * Every raw artifact ndes-doctor knows. Area modules contribute their own;
 * the bundle layout in docs/bundle.md is generated from this list.
 */
export const ARTIFACTS = {
  ...registryArtifacts,
  ...serverArtifacts,
  ...connectorArtifacts,
  ...iisArtifacts,
  ...mscepArtifacts,
  ...networkArtifacts,
  ...tlsArtifacts,
} satisfies Record<string, ArtifactSpec>;

export type ArtifactId = keyof typeof ARTIFACTS;

export const ARTIFACT_IDS = Object.keys(ARTIFACTS) as ArtifactId[];
