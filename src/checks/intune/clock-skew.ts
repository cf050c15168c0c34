import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass } from '../../engine/outcome.js';
import { excerpt } from '../../parse/errors.js';
import { parseHttpDate } from '../../parse/http-date.js';
import { INTUNE_DOCS, label } from './common.js';

/** Kerberos' default tolerance; token and certificate checks fail well before larger skews matter elsewhere. */
export const MAX_SKEW_SECONDS = 300;

export default defineCheck({
  id: 'NDES-INT-003',
  slug: 'intune-clock-skew',
  area: 'intune',
  title: "The server's clock agrees with Microsoft's",
  severity: 'medium',
  requires: ['intuneReachability'],
  run({ intuneReachability: r }) {
    const year = r.startedAt.getUTCFullYear();
    const dated = r.endpoints.flatMap((e) => (e.http?.date ? [{ e, http: e.http, sent: e.http.date, date: parseHttpDate(e.http.date, year) }] : []));
    const unreadable = dated.filter((d) => Number.isNaN(d.date));
    const samples = dated.flatMap(({ e, http, date }) => {
      if (Number.isNaN(date)) return [];
      // The server stamped its Date somewhere within the round trip: compare with its middle.
      const local = Date.parse(http.receivedAt) - http.roundTripMs / 2;
      return [{ e, skew: Math.round((local - date) / 1000) }];
    });
    const ignored = unreadable.length ? ` Not an HTTP date, so not compared: ${unreadable.map((d) => `${label(d.e)} sent "${excerpt(d.sent, 40)}"`).join('; ')}.` : '';
    if (samples.length === 0) return notApplicable(`No Intune endpoint answered with a readable Date header (see NDES-INT-001).${ignored}`);
    const worst = samples.reduce((a, b) => (Math.abs(b.skew) > Math.abs(a.skew) ? b : a));
    const describe = (s: (typeof samples)[number]) => `${label(s.e)}: ${s.skew >= 0 ? '+' : ''}${s.skew} s`;
    const evidence = { expected: `within ±${MAX_SKEW_SECONDS} seconds of the Date header of each answer`, actual: samples.map(describe).join('; '), source: r.source };
    if (Math.abs(worst.skew) <= MAX_SKEW_SECONDS) return pass(`The server's clock is within ${Math.abs(worst.skew)} s of Microsoft's.${ignored}`, evidence);
    return fail(
      `The server's clock is ${Math.abs(worst.skew)} s ${worst.skew > 0 ? 'ahead of' : 'behind'} Microsoft's (${describe(worst)}): sign-in tokens, certificates and CRLs look not yet valid or expired to the connector.${ignored}`,
      {
        text: 'Synchronise the clock with the domain hierarchy (a domain member follows its DC; the forest root PDC emulator needs a reliable external source), then check again.',
        commands: [cmd('w32tm /query /status'), cmd('w32tm /resync /force'), cmd('w32tm /stripchart /computer:time.windows.com /samples:3 /dataonly')],
        docs: INTUNE_DOCS.prerequisites,
      },
      evidence,
    );
  },
});
