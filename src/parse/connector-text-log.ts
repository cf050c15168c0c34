import { decodeEntities, parseSystemTime, XmlFragment, XmlFragmentReader } from './event-xml.js';
import { own } from './text-stream.js';

/**
 * The legacy Intune connector's text logs: NDESPlugin.log (plain lines written by the NDES policy
 * module) and the .NET trace files CertificateRegistrationPoint_*.svclog and NDESConnector_*.svclog
 * (a sequence of `<E2ETraceEvent>` fragments without a root). Both are written in English by the
 * connector whatever the server's language, so their fixed phrases can be matched.
 */
export interface ConnectorLogRecord {
  /** UTC ms since the epoch, when the record carries a time (svclog always, NDESPlugin.log rarely). */
  timeMs?: number;
  /** svclog `SubType Name`: Critical, Error, Warning, Information, Verbose. */
  level?: string;
  text: string;
}

/** What a connector log record says, by the connector's fixed phrases (see classifyConnectorText). */
export type ConnectorLogOutcome =
  | 'verify-success'
  | 'verify-failure'
  | 'csr-subject-mismatch'
  | 'challenge-expired'
  | 'signing-cert-missing'
  | 'crp-forbidden'
  | 'crp-tls-name'
  | 'connector-cert-missing'
  | 'notify-success';

/** What a record says, by the connector's fixed English phrases; undefined for progress lines. */
export function classifyConnectorText(text: string): ConnectorLogOutcome | undefined {
  if (followedBy(text, /Subject Name in CSR\b/i, /\bdo not match/i)) return 'csr-subject-mismatch';
  if (/challenge[\s\S]{0,80}expired|expired[\s\S]{0,40}challenge|CRPSCEPChallenge_Expired|0x00000411/i.test(text)) return 'challenge-expired';
  if (/m_safeCertContext is an invalid handle|Signing certificate could not be retrieved/i.test(text)) return 'signing-cert-missing';
  if (/NDES Connector certificate could not be found/i.test(text)) return 'connector-cert-missing';
  if (followedBy(text, /Verify challenge returns/i, /403 - Forbidden/i)) return 'crp-forbidden';
  if (/CERT_CN_INVALID|Error 12175/i.test(text)) return 'crp-tls-name';
  if (/Verify challenge returns true|VerifyRequest Finished with status True/i.test(text)) return 'verify-success';
  if (/Verify challenge returns false|VerifyRequest Finished with status False|Exiting VerifyRequest with 0x(?!0+\b)[0-9a-f]+/i.test(text)) return 'verify-failure';
  if (/Exiting Notify with 0x0\b/i.test(text)) return 'notify-success';
  return undefined;
}

/**
 * Whether `then` matches after the first match of `first`: `/first[\s\S]*then/`, which is tried again from every
 * match of `first` and so takes quadratic time on a record that repeats it.
 */
function followedBy(text: string, first: RegExp, then: RegExp): boolean {
  const found = first.exec(text);
  return found !== null && then.test(text.slice(found.index + found[0].length));
}

/** Reads `<E2ETraceEvent>` fragments as they stream in. */
export class SvclogReader {
  private readonly fragments: XmlFragmentReader;

  constructor(onRecord: (r: ConnectorLogRecord) => void) {
    this.fragments = new XmlFragmentReader('E2ETraceEvent', (s, start, end) => {
      const f = new XmlFragment(s, start, end);
      const found = f.find('</System>');
      const systemEnd = found < 0 ? f.length : found;
      const time = f.attrOf('<TimeCreated', 'SystemTime', 0, systemEnd);
      const timeMs = time === undefined ? NaN : parseSystemTime(time);
      const level = f.attrOf('<SubType', 'Name', 0, systemEnd);
      const dataAt = f.findTag('<ApplicationData', systemEnd);
      let text = '';
      if (dataAt >= 0) {
        const gt = f.find('>', dataAt);
        const close = f.find('</ApplicationData>', gt);
        text = f.decode(gt + 1, close < 0 ? f.length : close);
      }
      // ApplicationData may hold nested XML (TraceRecord); its text is what matters.
      text = decodeEntities(text.replace(/<[^<>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
      onRecord({ timeMs: Number.isNaN(timeMs) ? undefined : timeMs, level: level === undefined ? undefined : own(level), text: own(text) });
    });
  }

  push(chunk: Uint8Array): void {
    this.fragments.push(chunk);
  }

  end(): { records: number; truncated: boolean; strayText: boolean; oversized: number } {
    this.fragments.end();
    const { fragments, truncated, strayText, oversized } = this.fragments.stats;
    return { records: fragments, truncated, strayText, oversized };
  }
}

/** Reads NDESPlugin.log line by line; a leading date, when there is one, becomes the record time. */
export class PluginLogReader {
  private carry = '';
  private lines = 0;

  constructor(private readonly onRecord: (r: ConnectorLogRecord) => void) {}

  push(text: string): void {
    // Only the new text is searched: searching the held part again at every chunk would be quadratic.
    let nl = text.indexOf('\n');
    if (nl < 0) return this.hold(text);
    this.line(this.carry + text.slice(0, nl));
    this.carry = '';
    let pos = nl + 1;
    for (nl = text.indexOf('\n', pos); nl >= 0; nl = text.indexOf('\n', pos)) {
      this.line(text.slice(pos, nl));
      pos = nl + 1;
    }
    this.hold(text.slice(pos));
  }

  private hold(rest: string): void {
    this.carry += rest;
    // A "line" without an end in sight is not a log line; keep memory bounded.
    if (this.carry.length > 1 << 20) {
      this.line(this.carry.slice(0, 1 << 16));
      this.carry = '';
    }
  }

  end(): { records: number } {
    if (this.carry) this.line(this.carry);
    this.carry = '';
    return { records: this.lines };
  }

  private line(raw: string): void {
    const text = raw.replace(/\r$/, '').trim();
    if (!text) return;
    this.lines++;
    const iso = /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?\]?/.exec(text);
    const t = iso ? Date.parse(`${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`) : NaN;
    this.onRecord({ timeMs: Number.isNaN(t) ? undefined : t, text: own(text) });
  }
}
