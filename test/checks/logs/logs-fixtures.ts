import type { ArtifactId } from '../../../src/collect/artifacts.js';
import type { RawArtifact } from '../../../src/collect/manifest.js';
import { FACTS } from '../../../src/facts/index.js';
import type { ConnectorTextDigest, EventDigest, HttpErrDigest, IisDigest } from '../../../src/facts/log-digests.js';
import type { LogFact } from '../../../src/facts/logs.js';

/** Log facts as the runner derives them, from bytes standing in for a bundle's artifact. */
type LogFactName =
  | 'connectorAdminLog'
  | 'connectorOperationalLog'
  | 'agentUpdaterLog'
  | 'legacyConnectorLog'
  | 'applicationLog'
  | 'systemLog'
  | 'iisLog'
  | 'httpErrLog'
  | 'ndesPluginLog'
  | 'crpSvclog'
  | 'ndesConnectorSvclog';

export async function logFact<T>(name: LogFactName, raw: RawArtifact): Promise<LogFact<T>> {
  return (await FACTS[name].derive((_id: ArtifactId) => raw)) as LogFact<T>;
}

export const ok = (text: string | Uint8Array, file = 'logs/test'): RawArtifact => ({ status: 'ok', file, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text });
export const absent: RawArtifact = { status: 'not-found', file: 'logs/x', message: 'the channel does not exist' };
export const missing: RawArtifact = { status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: 'the bundle has no logs/x' };

export const events = (name: LogFactName, xml: string | RawArtifact) => logFact<EventDigest>(name, typeof xml === 'string' ? ok(xml) : xml);
export const iis = (text: string | RawArtifact) => logFact<IisDigest>('iisLog', typeof text === 'string' ? ok(text) : text);
export const httpErr = (text: string | RawArtifact) => logFact<HttpErrDigest>('httpErrLog', typeof text === 'string' ? ok(text) : text);
export const textLog = (name: 'ndesPluginLog' | 'crpSvclog' | 'ndesConnectorSvclog', text: string | RawArtifact) =>
  logFact<ConnectorTextDigest>(name, typeof text === 'string' ? ok(text) : text);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface EventSpec {
  provider?: string;
  id: number;
  level?: number;
  time: string | number;
  data?: (readonly [string, string] | string)[];
  binary?: string;
}

/** One event as wevtutil /f:xml prints it. */
export function ev({ provider = 'Microsoft-Intune-CertificateConnectors', id, level = 4, time, data = [], binary }: EventSpec): string {
  const t = new Date(time).toISOString();
  const items = data.map((d) => (typeof d === 'string' ? `<Data>${esc(d)}</Data>` : `<Data Name='${d[0]}'>${esc(d[1])}</Data>`)).join('');
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${provider}'/><EventID>${id}</EventID>` +
    `<Level>${level}</Level><TimeCreated SystemTime='${t}'/><EventRecordID>1</EventRecordID><Channel>X</Channel></System>` +
    `<EventData>${items}${binary ? `<Binary>${binary}</Binary>` : ''}</EventData></Event>\r\n`
  );
}

export const NDES = 'Microsoft-Windows-NetworkDeviceEnrollmentService';
export const LEGACY = 'Microsoft Intune Connector';

export const IIS_HEADER = '#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n';
const w3cTime = (t: string | number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19);

/** An IIS W3C line of a request to mscep.dll. */
export function scep(time: string | number, op: string | undefined, status: number, sub = 0, win32 = 0, taken = 20, ua = 'Mozilla/4.0+(compatible;+Win32;+NDES+client)', stem = '/certsrv/mscep/mscep.dll/pkiclient.exe'): string {
  return `${w3cTime(time)} 10.0.0.5 GET ${stem} ${op ? `operation=${op}&message=x` : '-'} 443 - 198.51.100.9 ${ua} - ${status} ${sub} ${win32} ${taken}\r\n`;
}

export const HTTPERR_HEADER = '#Software: Microsoft HTTP API 2.0\r\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename\r\n';
export function httperrLine(time: string | number, uri: string, status: number | '-', reason: string, queue = '-'): string {
  return `${w3cTime(time)} 198.51.100.9 50123 10.0.0.5 443 HTTP/1.1 GET ${uri} - ${status} 1 ${reason} ${queue}\r\n`;
}

export const NOW = new Date('2026-11-20T12:00:00Z');
export const ctx = { now: NOW, options: {} };
export const HOUR = 3_600_000;
/** An instant `h` hours before NOW. */
export const hoursAgo = (h: number) => NOW.getTime() - h * HOUR;

/**
 * A W3C log with one field taken out of every #Fields header, and its column out of the lines under it: the log
 * IIS writes when the field is not selected, from real lines.
 */
export function withoutField(log: string, field: string): string {
  let column = -1;
  return log
    .split('\n')
    .map((line) => {
      const cr = line.endsWith('\r') ? '\r' : '';
      const l = line.slice(0, line.length - cr.length);
      if (l.startsWith('#Fields:')) {
        const names = l.slice('#Fields:'.length).trim().split(/\s+/);
        column = names.findIndex((n) => n.toLowerCase() === field.toLowerCase());
        return column < 0 ? line : `#Fields: ${names.filter((_, i) => i !== column).join(' ')}${cr}`;
      }
      if (l.startsWith('#') || !l || column < 0) return line;
      return `${l.split(' ').filter((_, i) => i !== column).join(' ')}${cr}`;
    })
    .join('\n');
}
