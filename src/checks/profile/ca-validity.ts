import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass, warn } from '../../engine/outcome.js';
import { describeValidity, validityEnd } from '../../parse/scep-profile.js';
import { caCertOf, onTarget } from '../endpoint/common.js';
import { isoDay } from '../../parse/civil-date.js';
import { DOCS, isApple, platformName, withField } from './common.js';

const DAY_MS = 86_400_000;

export default defineCheck({
  id: 'NDES-PRF-017',
  slug: 'profile-ca-validity',
  area: 'profile',
  title: "Certificates issued now end before the issuing CA's certificate (with --probe or a bundle's probes)",
  severity: 'medium',
  requires: ['profile', 'endpoint'],
  run({ profile, endpoint }, ctx) {
    if (isApple(profile.platform)) return notApplicable(`${platformName(profile.platform)} devices use the template's validity period, not the profile's (NDES-PRF-015).`);
    return withField(profile, profile.validity, 'a certificate validity period', (v) =>
      onTarget(endpoint, (target) => {
        const r = caCertOf(target, 'the issuing CA certificate');
        if (!r.ok) return r.outcome;
        const ca = r.certs.ca;
        if (!ca) return notApplicable('GetCACert returned no CA certificate to compare with (NDES-NET-004).');
        const ends = validityEnd(ctx.now, v);
        const evidence = {
          expected: `the CA certificate valid beyond ${isoDay(ends)} (now + ${describeValidity(v)})`,
          actual: `"${ca.subject}" valid until ${isoDay(ca.notAfter)}`,
          source: `${r.source} (the first SCEP URL probed)`,
        };
        if (ends > ca.notAfter) {
          const short = Math.ceil((ends.getTime() - ca.notAfter.getTime()) / DAY_MS);
          return warn(
            `A certificate issued now for ${describeValidity(v)} would end ${isoDay(ends)}, but the issuing CA's certificate ends ${isoDay(ca.notAfter)}: the CA cuts device certificates short by up to ${short} days, so they expire earlier than the profile plans.`,
            { text: "Renew the issuing CA's certificate well before its remaining validity drops below the profile's validity period, or shorten the profile's validity period.", docs: DOCS.profile },
            evidence,
          );
        }
        return pass(`Certificates issued now for ${describeValidity(v)} end ${isoDay(ends)}, before the issuing CA's certificate (${isoDay(ca.notAfter)}).`, evidence);
      }),
    );
  },
});
