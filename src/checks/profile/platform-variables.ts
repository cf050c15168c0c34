import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import type { Platform } from '../../parse/scep-profile.js';
import { DOCS, isAndroid, platformName, profileTexts, unreadableTexts } from './common.js';

type Level = 'fail' | 'warn' | 'note';

// Microsoft: "The following variables aren't available for use on Android (AOSP) SCEP certificate profiles."
const NOT_ON_AOSP = new Set(['OnPremisesSamAccountName', 'OnPrem_Distinguished_Name', 'Department']);

// Microsoft: "User attributes aren't supported for devices that don't have user associations, such as devices
// that are enrolled as Android Enterprise dedicated." Both profile types also serve devices with a user.
const MAY_HAVE_NO_USER = new Set<Platform>(['android-device-owner', 'android-aosp']);

export default defineCheck({
  id: 'NDES-PRF-003',
  slug: 'profile-platform-variables',
  area: 'profile',
  title: 'Every variable resolves on the platform and enrollment type the profile targets',
  severity: 'high',
  requires: ['profile'],
  run({ profile }) {
    const p = profile.platform;
    const texts = profileTexts(profile);
    if (!texts.length) return { status: 'skip', skipReason: 'no-data', message: 'The profile sets no subject or subject alternative name that could be read; nothing to check.' };
    const findings: { level: Level; text: string }[] = [];
    const add = (level: Level, text: string) => {
      if (!findings.some((f) => f.text === text)) findings.push({ level, text });
    };
    const userVariables = new Set<string>();
    for (const t of texts) {
      for (const { variable: v, written } of t.uses) {
        if (!v) continue; // NDES-PRF-001 and NDES-PRF-005 report unknown names.
        const at = `${written} in the ${t.place}`;
        if (v.scope === 'user' && MAY_HAVE_NO_USER.has(p)) userVariables.add(written);
        if (v.name === 'UserName' && p === 'android-device-owner' && t.san) {
          add('fail', `${at}: Android Enterprise fully managed, dedicated and corporate-owned work profile profiles do not support {{UserName}} in a subject alternative name.`);
        }
        if (p === 'android-aosp' && NOT_ON_AOSP.has(v.name)) add('fail', `${at} is not available on Android (AOSP) SCEP profiles.`);
        if (v.name === 'FullyQualifiedDomainName') {
          if (p === 'windows') add('note', `${at} resolves only on domain-joined (including Microsoft Entra hybrid joined) Windows devices; Entra-joined-only devices fail to install the profile.`);
          else add('fail', `${at} only resolves on Windows domain-joined devices; on ${platformName(p)} the profile fails to install.`);
        }
        if (v.needsModem) {
          if (p === 'macos') add('fail', `${at}: Macs have no cellular modem, so they have no ${v.holds.replace(/^the /, '')} and the profile fails to install on every one of them.`);
          else add('warn', `${at}: devices without a cellular modem (${p === 'windows' ? 'most PCs' : 'Wi-Fi-only tablets'}) have no ${v.holds.replace(/^the /, '')}, and a device that lacks a variable fails to install the whole profile.`);
        }
        if (v.hardwareId && p === 'android-work-profile') {
          add('warn', `${at}: Android 12 and later no longer give the serial number, IMEI or MEID to personally-owned work profiles; devices enrolled on Android 12 or later cannot get this certificate.`);
        }
        if (v.name === 'DeviceId' && p === 'windows' && t.place === 'subject') {
          add('warn', `${at}: Microsoft advises against {{DeviceId}} in the subject on Windows; in some cases it makes the device's sync with Intune fail.`);
        }
      }
    }
    if (userVariables.size) {
      add('note', `${[...userVariables].join(', ')} ${userVariables.size > 1 ? 'are user attributes, which resolve' : 'is a user attribute, which resolves'} only on devices that have a user: ${platformName(p)} devices enrolled without one (such as dedicated devices) cannot get this certificate.`);
    }
    const used = [...new Set(texts.flatMap((t) => t.uses.flatMap((u) => (u.variable ? [u.variable.name] : []))))];
    const evidence = {
      expected: `variables that ${platformName(p)} devices can resolve`,
      actual: used.length ? used.map((n) => `{{${n}}}`).join(', ') : 'no variables',
      source: `${profile.origin}: subject and subject alternative names`,
    };
    const of = (level: Level) => findings.filter((f) => f.level === level).map((f) => f.text);
    const remediation = {
      text: `Use only variables that every ${platformName(p)} device targeted by this profile has, or split the profile by device type. A device that cannot resolve one variable does not install the profile at all.`,
      docs: DOCS.profile,
    };
    if (of('fail').length) return fail([...of('fail'), ...of('warn')].join(' '), remediation, evidence);
    if (of('warn').length) return warn(of('warn').join(' '), remediation, evidence, 'medium');
    const unread = unreadableTexts(profile);
    if (unread) return unread;
    const notes = of('note');
    const base = used.length ? `All variables (${evidence.actual}) resolve on ${platformName(p)}${isAndroid(p) ? ' for this enrollment type' : ''}.` : 'The subject and SANs use no variables.';
    return pass([base, ...notes].join(' '), evidence);
  },
});
