import { registryArtifacts } from './windows/registry-artifacts.js';
import { serverArtifacts } from './windows/server-artifacts.js';
import { connectorArtifacts } from './windows/connector-artifacts.js';
import { iisArtifacts } from './windows/iis-artifacts.js';
import { mscepArtifacts } from './windows/mscep-artifacts.js';
import { networkArtifacts } from './network/network-artifacts.js';
import { tlsArtifacts } from './windows/tls-artifacts.js';
import { accountAdArtifacts } from './windows/account-ad-artifacts.js';
import { caArtifacts } from './windows/ca-artifacts.js';
import { intuneArtifacts } from './network/intune-artifacts.js';
import { logArtifacts } from './windows/log-artifacts.js';
import type { ArtifactSpec } from './artifact-spec.js';

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
  ...accountAdArtifacts,
  ...caArtifacts,
  ...intuneArtifacts,
  ...logArtifacts,
} satisfies Record<string, ArtifactSpec>;

export type ArtifactId = keyof typeof ARTIFACTS;

export const ARTIFACT_IDS = Object.keys(ARTIFACTS) as ArtifactId[];
