import { INTUNE_FORMAT, INTUNE_PURPOSES, type EndpointRecording, type IntuneRecording, type ProxyConfig } from '../recordings/intune.js';
import { psObject } from '../parse/powershell-json.js';
import { jsonCostProblem } from '../parse/json-cost.js';
import { isProbeError } from '../recordings/probes.js';
import { describeCertificate, type CertInfo } from '../parse/x509.js';
import { FactError } from './fact.js';
import { textFact } from './rights.js';

export interface IntuneEndpointFact extends EndpointRecording {
  /** The certificates the endpoint sent, leaf first; unreadable ones are left out. */
  chain: CertInfo[];
}

export interface IntuneReachabilityFact {
  proxy: IntuneRecording['proxy'];
  startedAt: Date;
  endpoints: IntuneEndpointFact[];
}

export function parseIntuneRecording(text: string): IntuneReachabilityFact {
  const costly = jsonCostProblem(text);
  if (costly) throw new FactError('E_FACT_MALFORMED', `not read: ${costly}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new FactError('E_FACT_MALFORMED', `not JSON (${(e as Error).message})`);
  }
  const r = psObject(data, 'Intune probe recording') as Partial<IntuneRecording>;
  if (r.format !== INTUNE_FORMAT || r.version !== 1) throw new FactError('E_FACT_MALFORMED', `not an ${INTUNE_FORMAT} version 1 file`);
  // An empty list would let every endpoint check pass on nothing probed.
  if (!Array.isArray(r.endpoints) || r.endpoints.length === 0) throw new FactError('E_FACT_MALFORMED', 'no endpoint was probed');
  const startedAt = new Date(String(r.startedAt));
  if (!isIsoInstant(r.startedAt)) throw new FactError('E_FACT_MALFORMED', 'startedAt is not a date');
  checkProxy(r.proxy);
  const endpoints = r.endpoints.map((e, i) => {
    const ep = psObject(e, `endpoint ${i + 1}`) as unknown as EndpointRecording;
    if (typeof ep.host !== 'string' || !INTUNE_PURPOSES.includes(ep.purpose)) throw new FactError('E_FACT_MALFORMED', `endpoint ${i + 1} has no host or a purpose other than ${INTUNE_PURPOSES.join(', ')}`);
    checkEndpoint(ep, `endpoint ${i + 1} (${ep.host})`);
    const chain = (ep.tls?.peerChain ?? []).flatMap((b64) => {
      try {
        return [describeCertificate(Buffer.from(b64, 'base64'))];
      } catch {
        return [];
      }
    });
    return { ...ep, chain };
  });
  return { proxy: r.proxy ?? null, startedAt, endpoints };
}

/** The connector's proxy the messages and commands name: null or absent for none, else its host, port and text. */
function checkProxy(proxy: unknown): void {
  if (proxy === null || proxy === undefined) return;
  const p = proxy as Partial<ProxyConfig>;
  if (typeof p !== 'object' || typeof p.host !== 'string' || !Number.isInteger(p.port) || typeof p.text !== 'string') {
    throw new FactError('E_FACT_MALFORMED', `proxy is ${JSON.stringify(proxy)}: neither null (no proxy) nor a host, port and text`);
  }
}

/** What the checks judge of an endpoint: each one missing would read as an untrusted chain or a clock off by NaN. */
function checkEndpoint(ep: EndpointRecording, where: string): void {
  const { tls, http, error } = ep;
  if (!Number.isInteger(ep.port) || (ep.proxyStatus !== undefined && !Number.isInteger(ep.proxyStatus))) {
    throw new FactError('E_FACT_MALFORMED', `${where}: port or proxy answer status is not a number`);
  }
  if (error !== undefined && !(isProbeError(error) && STAGES.includes(error.stage))) {
    throw new FactError('E_FACT_MALFORMED', `${where}: error without its code, message or stage (${STAGES.join(', ')})`);
  }
  // The probe records the TLS handshake and the HTTP answer, or the error that stopped it before them.
  if ((!tls && (!error || error.stage === 'http')) || (!http && !error)) {
    throw new FactError('E_FACT_MALFORMED', `${where}: neither ${tls ? 'an HTTP answer' : 'a TLS handshake'} nor the error that stopped the probe before it`);
  }
  if (tls && (typeof tls.authorized !== 'boolean' || !Array.isArray(tls.peerChain) || !tls.peerChain.every((c) => typeof c === 'string') || typeof tls.protocol !== 'string' || !optionalString(tls.authorizationError))) {
    throw new FactError('E_FACT_MALFORMED', `${where}: TLS recording without its protocol, certificate chain or verification result, or with an authorizationError that is not text`);
  }
  if (http && (typeof http.status !== 'number' || typeof http.roundTripMs !== 'number' || !isIsoInstant(http.receivedAt) || !optionalString(http.date))) {
    throw new FactError('E_FACT_MALFORMED', `${where}: HTTP recording without its status, round-trip time or time of receipt, or with a Date header that is not text`);
  }
}

const STAGES: readonly unknown[] = ['proxy', 'connect', 'tls', 'http'] satisfies NonNullable<EndpointRecording['error']>['stage'][];
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/** The form the probe writes (toISOString): Date.parse would also take a bare number as a year. */
const isIsoInstant = (v: unknown): boolean => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/.test(v) && !Number.isNaN(Date.parse(v));

export const intuneFacts = {
  intuneReachability: textFact('network.intune', parseIntuneRecording),
};
