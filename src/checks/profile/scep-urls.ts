import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, warn } from '../../engine/outcome.js';
import type { Platform } from '../../parse/scep-profile.js';
import { MSCEP_PATH } from '../../recordings/probes.js';
import { DOCS, platformName, sourceOf, withField } from './common.js';
import { trimEnd } from '../../parse/trim.js';

/** Intune's own SCEP service: its URLs carry a placeholder host and a path of their own. */
export function isCloudPki(url: string): boolean {
  return /\{\{CloudPKIFQDN\}\}/i.test(url) || /\/CloudPki\//i.test(url);
}

/** How each platform uses several SCEP server URLs (Microsoft, "SCEP Server URLs"). */
const FAILOVER: Record<Platform, string> = {
  android: 'the device shuffles the list and uses the first NDES server it can reach for the whole enrollment',
  'android-work-profile': 'the device shuffles the list and uses the first NDES server it can reach for the whole enrollment',
  'android-device-owner': 'the device shuffles the list and uses the first NDES server it can reach for the whole enrollment',
  'android-aosp': 'the device shuffles the list and uses the first NDES server it can reach for the whole enrollment',
  ios: 'Intune picks one URL at random and gives the device only that one: if that server is down, the request fails until the next policy cycle',
  // Microsoft describes Android, iOS/iPadOS and Windows only.
  macos: 'Microsoft does not document how Intune or the device picks among them',
  windows: 'Intune shuffles the list and the device tries the URLs in that order until one answers',
};

/** Microsoft's list of the devices whose SCEP server URL must be https; Android (AOSP) is not on it. */
const NEEDS_HTTPS = new Set<Platform>(['android', 'android-device-owner', 'android-work-profile']);

type Verdict = { level: 'fail' | 'warn'; text: string };

function judgeUrl(raw: string, platform: Platform): Verdict[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [{ level: 'fail', text: `"${raw}" is not a URL.` }];
  }
  const out: Verdict[] = [];
  if (url.protocol === 'http:') {
    out.push(
      NEEDS_HTTPS.has(platform)
        ? { level: 'fail', text: `${raw} uses http: Android device administrator and Android Enterprise devices need an https SCEP URL.` }
        : { level: 'warn', text: `${raw} uses http: the device fetches the RA certificates it encrypts to without TLS, so anyone on the path can substitute them; use https.` },
    );
  } else if (url.protocol !== 'https:') {
    out.push({ level: 'fail', text: `${raw}: a SCEP URL must be https:// (or http://), not ${url.protocol}//.` });
  }
  if (url.username || url.password) out.push({ level: 'fail', text: `${raw} carries a user name or password, which devices do not use and which leaks into logs.` });
  if (url.search || url.hash) out.push({ level: 'fail', text: `${raw} has a query or fragment; devices add their own ?operation=... and the extra part breaks it.` });
  const path = trimEnd(url.pathname, '/');
  if (path.toLowerCase() !== MSCEP_PATH) {
    const hint = /pkiclient\.exe$/i.test(path) ? ' (devices append /pkiclient.exe themselves)' : path === '' ? ' (the path is missing)' : '';
    out.push({ level: 'fail', text: `${raw} has the path "${url.pathname}"${hint}; NDES answers SCEP at ${MSCEP_PATH}.` });
  }
  if (url.port && url.port !== '443' && url.protocol === 'https:') {
    out.push({ level: 'warn', text: `${raw} uses port ${url.port}; Microsoft documents NDES for Intune on port 443 only (the https binding and the firewall rule), so proxies and firewalls may not pass another.` });
  }
  return out;
}

export default defineCheck({
  id: 'NDES-PRF-013',
  slug: 'profile-scep-urls',
  area: 'profile',
  title: `Each SCEP server URL is https and ends in ${MSCEP_PATH}`,
  severity: 'high',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.scepUrls, 'SCEP server URLs', (urls) => {
      const evidence = { expected: `https://<NDES or proxy name>${MSCEP_PATH}`, actual: urls.join(', ') || 'none', source: sourceOf(profile, profile.scepUrls) };
      const remediation = { text: `Enter each SCEP server URL as https://<name devices reach NDES by>${MSCEP_PATH}, e.g. https://ndes.contoso.com${MSCEP_PATH}.`, docs: DOCS.profile };
      if (urls.length === 0) return fail('The profile lists no SCEP server URL: devices have nowhere to enroll.', remediation, evidence);
      const ndes = urls.filter((u) => !isCloudPki(u));
      if (ndes.length === 0) return notApplicable('The SCEP URLs point at Microsoft Cloud PKI, not at an NDES server; the NDES checks do not apply.');
      const seen = new Set<string>();
      const verdicts: Verdict[] = [];
      for (const u of ndes) {
        const key = trimEnd(u.toLowerCase(), '/');
        if (seen.has(key)) verdicts.push({ level: 'warn', text: `${u} is listed more than once.` });
        else verdicts.push(...judgeUrl(u, profile.platform));
        seen.add(key);
      }
      const distinct = seen.size;
      const several =
        distinct > 1
          ? ` With ${distinct} URLs on ${platformName(profile.platform)}, ${FAILOVER[profile.platform]}. A device makes three calls for one enrollment (GetCACaps, GetCACert, PKIOperation) and all three must reach the same NDES server; a load balancer behind one URL needs session affinity (lint-profile --probe tests it).`
          : '';
      const fails = verdicts.filter((v) => v.level === 'fail').map((v) => v.text);
      const warns = verdicts.filter((v) => v.level === 'warn').map((v) => v.text);
      const withDetails = { ...evidence, ...(distinct > 1 && { details: { platformBehaviour: FAILOVER[profile.platform] } }) };
      if (fails.length) return fail([...fails, ...warns].join(' ') + several, remediation, withDetails);
      if (warns.length) return warn(warns.join(' ') + several, remediation, withDetails);
      return pass(`${distinct === 1 ? `The SCEP URL ${ndes[0]} is well formed.` : `All ${distinct} SCEP URLs are well formed.`}${several}`, withDetails);
    }),
});
