import { TLS_VERSIONS, type TlsVersion } from '../../recordings/probes.js';
import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import { DOCS, networkHint, onTarget } from './common.js';
import { IIS_BINDING_COMMANDS, refusedHandshake } from './tls-common.js';

const SCHANNEL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';

export default defineCheck({
  id: 'NDES-NET-007',
  slug: 'endpoint-tls-versions',
  area: 'endpoint',
  title: 'The endpoint accepts TLS 1.2 and refuses TLS 1.0 and 1.1',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      if (!t.url.startsWith('https:')) return { status: 'skip', skipReason: 'not-applicable', message: `${t.url} is plain HTTP: there is no TLS to check.` };
      if (!t.tls) return { status: 'skip', skipReason: 'not-applicable', message: `TLS was not probed for ${t.url}.` };
      const v = t.tls.versions;
      const accepted = TLS_VERSIONS.filter((x) => v[x]?.accepted);
      const source = `TLS handshakes with ${t.host}:${t.port}, one per version`;
      const shown = (x: TlsVersion) => (v[x]?.accepted ? 'accepted' : refusedHandshake(v[x]?.error) ? `refused (${v[x]!.error!.code})` : `failed (${v[x]?.error?.code ?? 'no error recorded'})`);
      const actual = TLS_VERSIONS.map((x) => `${x} ${shown(x)}`).join(', ');
      const evidence = { expected: 'TLSv1.2 accepted (TLSv1.3 optional), TLSv1 and TLSv1.1 refused', actual, source };
      const enable12 = {
        text: 'Enable TLS 1.2 in SCHANNEL for the server side and restart the server; check that a load balancer or proxy in front of NDES also offers TLS 1.2.',
        commands: [
          cmd(`reg add "${SCHANNEL}\\TLS 1.2\\Server" /v Enabled /t REG_DWORD /d 1 /f`),
          cmd(`reg add "${SCHANNEL}\\TLS 1.2\\Server" /v DisabledByDefault /t REG_DWORD /d 0 /f`),
          cmd('shutdown /r /t 0'),
        ],
        docs: DOCS.tls,
      };
      // A version counts as refused only when the server was reached and turned it down.
      const undecided = (x: TlsVersion): Outcome => {
        const err = v[x]?.error ?? { code: 'unknown', message: 'no error recorded' };
        return {
          status: 'error',
          errorCode: 'E_NETWORK',
          message: `Could not tell whether ${t.host}:${t.port} accepts ${x}: its handshake failed with ${err.code} (${err.message}), which says nothing about the TLS versions the server accepts.${networkHint(err.code)}`,
          evidence,
        };
      };
      const unproven = (x: TlsVersion) => !v[x]?.accepted && !refusedHandshake(v[x]?.error);
      if (accepted.length === 0) {
        const open = (['TLSv1.2', 'TLSv1.3'] as const).find(unproven);
        if (open) return undecided(open);
        const err = v['TLSv1.2']?.error ?? t.tls.error;
        // Every version answered with a record that is no TLS: the port speaks something else, plain HTTP most often.
        const notTls = TLS_VERSIONS.every((x) => v[x]?.error?.code === 'ERR_SSL_WRONG_VERSION_NUMBER');
        const remedy = notTls
          ? {
              text: `${t.host}:${t.port} answers every handshake with something that is not TLS, plain HTTP most often: enabling protocols will not help. Use the port of the site's https binding (443), or add an https binding with a server authentication certificate to the NDES site.`,
              commands: IIS_BINDING_COMMANDS,
              docs: DOCS.configure,
            }
          : enable12;
        return fail(`No TLS handshake succeeded with ${t.host}:${t.port}${err ? ` (${err.code}: ${err.message})` : ''}: devices cannot connect at all.`, remedy, evidence);
      }
      if (unproven('TLSv1.2')) return undecided('TLSv1.2');
      if (!v['TLSv1.2']?.accepted) {
        return fail(`${t.host}:${t.port} refuses TLS 1.2 (accepts ${accepted.join(', ')}): Android, iOS and current Windows require TLS 1.2 or later.`, enable12, evidence);
      }
      const legacy = accepted.filter((x) => x === 'TLSv1' || x === 'TLSv1.1');
      if (legacy.length > 0) {
        return warn(
          `${t.host}:${t.port} still accepts ${legacy.join(' and ')}, which are deprecated and insecure; devices use TLS 1.2 or later.`,
          {
            text: 'Disable TLS 1.0 and 1.1 on the server side of SCHANNEL (and on any load balancer or proxy in front of NDES), then restart the server. This applies to every TLS service on the server (IIS, RDP, SQL Server and others): first make sure no client of this server still needs TLS 1.0 or 1.1.',
            commands: [
              cmd(`reg add "${SCHANNEL}\\TLS 1.0\\Server" /v Enabled /t REG_DWORD /d 0 /f`),
              cmd(`reg add "${SCHANNEL}\\TLS 1.1\\Server" /v Enabled /t REG_DWORD /d 0 /f`),
              cmd('shutdown /r /t 0'),
            ],
            docs: DOCS.tls,
          },
          evidence,
          'medium',
        );
      }
      return pass(`${t.host}:${t.port} accepts ${accepted.join(', ')} and refuses older versions.`, evidence);
    }),
});
