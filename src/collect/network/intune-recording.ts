/**
 * The format of network/intune.json, apart from the probe that writes it, so the facts that read a
 * bundle's recording do not load the probe's network code.
 */
import type { ProbeError } from './recording.js';

export const INTUNE_FORMAT = 'ndes-doctor-intune-probe';

export const INTUNE_PURPOSES = ['sign-in', 'intune-service', 'auto-update'] as const;
export type IntunePurpose = (typeof INTUNE_PURPOSES)[number];

export interface IntuneEndpoint {
  host: string;
  port: number;
  purpose: IntunePurpose;
}

export interface ProxyConfig {
  host: string;
  port: number;
  /** As configured, for messages. */
  text: string;
}

export interface EndpointRecording extends IntuneEndpoint {
  /** The status line the proxy answered CONNECT with. */
  proxyStatus?: number;
  tls?: {
    protocol: string;
    /** Leaf first, base64 DER, as the peer sent it. */
    peerChain: string[];
    /** Verified against public roots and the host name. */
    authorized: boolean;
    authorizationError?: string;
  };
  http?: { status: number; date?: string; receivedAt: string; roundTripMs: number };
  error?: ProbeError & { stage: 'proxy' | 'connect' | 'tls' | 'http' };
  durationMs: number;
}

export interface IntuneRecording {
  format: typeof INTUNE_FORMAT;
  version: 1;
  startedAt: string;
  /** The connector's proxy, or null for a direct connection. */
  proxy: ProxyConfig | null;
  endpoints: EndpointRecording[];
}
