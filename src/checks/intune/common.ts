import type { IntuneEndpointFact, IntuneReachabilityFact } from '../../facts/intune.js';

export const INTUNE_DOCS = {
  prerequisites: 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-prerequisites',
  endpoints: 'https://learn.microsoft.com/intune/intune-service/fundamentals/intune-endpoints',
} as const;

export const label = (e: IntuneEndpointFact) => `${e.host} (${e.purpose})`;

export const via = (r: IntuneReachabilityFact) => (r.proxy ? `through the connector's proxy ${r.proxy.text}` : 'directly (no connector proxy is configured)');
