import { cmd, fail, notApplicable } from '../../engine/outcome.js';
import type { Outcome, SkipReason } from '../../engine/types.js';
import { configuredTemplateNames, NDES_DEFAULT_TEMPLATE, type MscepTemplateValue, type ScepTemplatesFact } from '../../facts/mscep.js';
import type { RegistryTreeFact } from '../../facts/registry-tree.js';
import type { CertTemplate } from '../../parse/certutil-dstemplate.js';
import { PLATFORMS, SAN_LABELS, type Field, type KeyUsage, type Platform, type SanEntry, type ScepProfile } from '../../parse/scep-profile.js';
import { scanText, type VariableUse } from './variables.js';

export const DOCS = {
  profile: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-profile-scep',
  escaped: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-profile-scep#avoid-certificate-signing-requests-with-escaped-special-characters',
  strongMapping: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-profile-scep#strong-mapping-for-scep-certificates',
  kb5014754: 'https://support.microsoft.com/topic/kb5014754-certificate-based-authentication-changes-on-windows-domain-controllers-ad2c23b0-15d8-4340-a468-4d4f3b188f16',
  configure: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure',
} as const;

export const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const ANY_PURPOSE = '2.5.29.37.0';

/** Where a profile setting came from, for evidence: the file and the Graph property, or the flag. */
export function sourceOf(profile: ScepProfile, field: Field<unknown>): string {
  return `${profile.origin}: ${field.from}`;
}

/** Why a setting cannot be judged: not set (skip) or unreadable (error); undefined when it can. */
export function fieldProblem(profile: ScepProfile, field: Field<unknown>, what: string): Outcome | undefined {
  if (field.status === 'absent') {
    return { status: 'skip', skipReason: 'no-data' satisfies SkipReason, message: `The profile does not set ${what} (${field.from}); nothing to check.` };
  }
  if (field.status === 'invalid') {
    return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `${sourceOf(profile, field)} is ${field.raw}, which ndes-doctor cannot read: ${field.reason}.` };
  }
  return undefined;
}

/** Judges a setting once it can be read, never giving a verdict on a missing or unreadable one. */
export function withField<T>(profile: ScepProfile, field: Field<T>, what: string, judge: (value: T) => Outcome): Outcome {
  return field.status === 'ok' ? judge(field.value) : fieldProblem(profile, field, what)!;
}

export function platformName(p: Platform): string {
  return PLATFORMS[p];
}

export const isApple = (p: Platform) => p === 'ios' || p === 'macos';
export const isAndroid = (p: Platform) => p.startsWith('android');

export function notForPlatform(profile: ScepProfile, why: string): Outcome {
  return notApplicable(`${platformName(profile.platform)}: ${why}`);
}

/** One text Intune fills in: the subject, or one SAN value. */
export interface ProfileText {
  /** "subject" or "SAN URI", for messages. */
  place: string;
  text: string;
  san?: SanEntry;
  uses: VariableUse[];
  staticText: string;
}

/** The subject and every SAN value that could be read, with their variables. */
export function profileTexts(profile: ScepProfile): ProfileText[] {
  const out: ProfileText[] = [];
  if (profile.subject.status === 'ok') out.push({ place: 'subject', text: profile.subject.value.text, ...scanText(profile.subject.value.text) });
  if (profile.sans.status === 'ok') {
    for (const san of profile.sans.value) out.push({ place: `SAN ${SAN_LABELS[san.type]}`, text: san.value, san, ...scanText(san.value) });
  }
  return out;
}

/**
 * The error of a check over the subject and SAN values when one of them cannot be read: what was read may pass, but
 * a pass would vouch for the unread one too. Undefined when both could be read (or are not set).
 */
export function unreadableTexts(profile: ScepProfile): Outcome | undefined {
  const field = [profile.subject, profile.sans].find((f) => f.status === 'invalid');
  return field && fieldProblem(profile, field, '');
}

/** Joins findings into one message, each once. */
export function joinFindings(findings: readonly string[]): string {
  return [...new Set(findings)].join(' ');
}

/**
 * NDES picks the template by the key usage in the request, through the MSCEP registry value for
 * that purpose (the template's Request Handling tab): signature, encryption, or both.
 */
export function mscepValueFor(ku: KeyUsage): MscepTemplateValue | undefined {
  if (ku.digitalSignature && ku.keyEncipherment) return 'GeneralPurposeTemplate';
  if (ku.digitalSignature) return 'SignatureTemplate';
  if (ku.keyEncipherment) return 'EncryptionTemplate';
  return undefined;
}

export function describeKeyUsage(ku: KeyUsage): string {
  return [ku.digitalSignature && 'Digital signature', ku.keyEncipherment && 'Key encipherment'].filter(Boolean).join(' + ') || 'none';
}

export type ProfileTemplate =
  | { ok: true; value: MscepTemplateValue; template: CertTemplate; source: string }
  | { ok: false; outcome: Outcome };

/** The template NDES issues this profile's requests from: key usage -> MSCEP value -> template in Active Directory. */
export function profileTemplate(profile: ScepProfile, mscep: RegistryTreeFact, templates: ScepTemplatesFact): ProfileTemplate {
  if (profile.keyUsage.status !== 'ok') return { ok: false, outcome: fieldProblem(profile, profile.keyUsage, 'a key usage')! };
  const ku = profile.keyUsage.value;
  const value = mscepValueFor(ku);
  if (!value) return { ok: false, outcome: notApplicable('The profile selects no key usage, so NDES has no template for it (NDES-PRF-009).') };
  const source = `${mscep.source}, ${templates.templatesSource}`;
  const key = `HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\${value}`;
  const configured = configuredTemplateNames(mscep).get(value);
  const fix = (why: string): ProfileTemplate => ({
    ok: false,
    outcome: fail(
      `The profile's key usage (${describeKeyUsage(ku)}) makes NDES issue from the template named in ${key}, ${why}`,
      {
        text: `Set ${value} to the name (not the display name) of your SCEP template, or change the profile's key usage to match the Purpose of the template on its Request Handling tab; then restart the server (iisreset does not make NDES reread these values).`,
        commands: [cmd(`reg add "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP" /v ${value} /t REG_SZ /d "<TemplateName>" /f`), cmd('shutdown /r /t 0')],
        docs: DOCS.configure,
      },
      { expected: `${key} naming the SCEP template`, actual: configured ?? '(not set)', source },
    ),
  });
  if (!configured) return fix('which is not set: requests with this key usage get no certificate.');
  if (configured.toLowerCase() === NDES_DEFAULT_TEMPLATE.toLowerCase()) return fix(`which still holds the setup default ${NDES_DEFAULT_TEMPLATE}, not the SCEP template.`);
  const ref = templates.refs.find((r) => r.values.includes(value));
  if (!ref?.template && !ref?.byDisplayName && !templates.templatesComplete) {
    // A name missing from a dump that was cut short proves nothing, as NDES-MSCEP-003 says too.
    return {
      ok: false,
      outcome: {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `${key} names "${configured}", which is not in ${templates.templatesSource}, but that dump ends without certutil's closing "CertUtil:" line: it may have been cut short before the template. Collect it again.`,
      },
    };
  }
  if (!ref?.template) {
    const hint = ref?.byDisplayName ? ` "${configured}" is the display name of ${ref.byDisplayName.name}; the registry needs the name.` : '';
    return fix(`"${configured}", but Active Directory has no template of that name (NDES-MSCEP-003).${hint}`);
  }
  return { ok: true, value, template: ref.template, source };
}
