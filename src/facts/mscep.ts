import { MSCEP_KEY } from '../collect/windows/mscep-artifacts.js';
import { parseCaTemplates, type CaTemplate } from '../parse/certutil-catemplates.js';
import {
  findTemplateByDisplayName,
  findTemplateByName,
  parseCertutilTemplates,
  type CertTemplate,
} from '../parse/certutil-dstemplate.js';
import { psObject, psString, psList } from '../parse/powershell-json.js';
import { parseSddl, type SecurityDescriptor } from '../parse/sddl.js';
import { decodeText } from '../parse/text.js';
import { defineFact, FactError, parseOrThrow, requireBytes } from './fact.js';
import { readRegistryTree, stringValue, subkey, type RegistryTreeFact } from './registry-tree.js';

/** The three MSCEP values naming a template, one per purpose on the template's Request Handling tab. */
export const MSCEP_TEMPLATE_VALUES = ['SignatureTemplate', 'EncryptionTemplate', 'GeneralPurposeTemplate'] as const;
export type MscepTemplateValue = (typeof MSCEP_TEMPLATE_VALUES)[number];

/** What NDES setup writes to all three values. */
export const NDES_DEFAULT_TEMPLATE = 'IPSECIntermediateOffline';

export interface CertTemplatesFact {
  templates: CertTemplate[];
  /** certutil ends its output with a `CertUtil: ...` status line; without it the dump may be cut short. */
  complete: boolean;
  source: string;
}

export interface CaTemplatesFact {
  templates: CaTemplate[];
  source: string;
}

/** One template name the MSCEP registry points at, and what Active Directory holds for it. */
export interface ScepTemplateRef {
  /** As written in the registry. */
  configured: string;
  /** The registry values holding that name. */
  values: MscepTemplateValue[];
  /** The template whose name (cn) matches. */
  template?: CertTemplate;
  /** Set when no name matches but a display name does: the classic mistake. */
  byDisplayName?: CertTemplate;
}

export interface ScepTemplatesFact {
  /** Distinct names other than the NDES default, in registry value order. */
  refs: ScepTemplateRef[];
  registrySource: string;
  templatesSource: string;
  /** Whether the template dump ended with certutil's status line; a name missing from a cut dump proves nothing. */
  templatesComplete: boolean;
}

const mscepRegistry = defineFact({
  artifacts: ['registry.mscep'],
  derive: (read): RegistryTreeFact => readRegistryTree(read('registry.mscep'), MSCEP_KEY),
});

const certTemplates = defineFact({
  artifacts: ['certutil.dstemplate'],
  derive(read): CertTemplatesFact {
    const raw = requireBytes(read('certutil.dstemplate'));
    const text = decodeText(raw.bytes, raw.codePage);
    const last = text.trimEnd().split('\n').pop() ?? '';
    return { templates: parseOrThrow(raw.file, () => parseCertutilTemplates(text)), complete: /^CertUtil:/i.test(last.trim()), source: raw.file };
  },
});

const caTemplates = defineFact({
  artifacts: ['certutil.catemplates'],
  derive(read): CaTemplatesFact {
    const raw = requireBytes(read('certutil.catemplates'));
    return { templates: parseOrThrow(raw.file, () => parseCaTemplates(decodeText(raw.bytes, raw.codePage))), source: raw.file };
  },
});

/** The template names set in the MSCEP key, as REG_SZ values only (other types are reported by NDES-MSCEP-001). */
export function configuredTemplateNames(tree: RegistryTreeFact): Map<MscepTemplateValue, string> {
  const key = subkey(tree, '');
  const names = new Map<MscepTemplateValue, string>();
  for (const v of MSCEP_TEMPLATE_VALUES) {
    const s = stringValue(key, v)?.trim();
    if (s) names.set(v, s);
  }
  return names;
}

const scepTemplates = defineFact({
  artifacts: ['registry.mscep', 'certutil.dstemplate'],
  derive(read): ScepTemplatesFact {
    const tree = mscepRegistry.derive(read);
    const { templates, source, complete } = certTemplates.derive(read);
    const refs: ScepTemplateRef[] = [];
    for (const [value, configured] of configuredTemplateNames(tree)) {
      if (configured.toLowerCase() === NDES_DEFAULT_TEMPLATE.toLowerCase()) continue;
      const same = refs.find((r) => r.configured.toLowerCase() === configured.toLowerCase());
      if (same) {
        same.values.push(value);
        continue;
      }
      const template = findTemplateByName(templates, configured);
      refs.push({ configured, values: [value], template, byDisplayName: template ? undefined : findTemplateByDisplayName(templates, configured) });
    }
    return { refs, registrySource: tree.source, templatesSource: source, templatesComplete: complete };
  },
});

/** Template permissions read from Active Directory (ad/template-security.json), by lower-cased template name. */
export interface TemplateSecurityFact {
  byName: Map<string, SecurityDescriptor>;
  /** Set when the artifact is not in the bundle: the certutil dump's SDDL is then all there is. */
  unavailable?: string;
  source: string;
}

export function parseTemplateSecurity(text: string): Map<string, SecurityDescriptor> {
  const byName = new Map<string, SecurityDescriptor>();
  for (const item of psList(text)) {
    const o = psObject(item, 'template');
    const name = psString(o.Name);
    const sddl = psString(o.Sddl);
    if (!name || !sddl) throw new FactError('E_FACT_MALFORMED', 'a template entry has no Name or no Sddl');
    try {
      byName.set(name.toLowerCase(), parseSddl(sddl));
    } catch (e) {
      throw new FactError('E_FACT_MALFORMED', `the permissions of ${name}: ${(e as Error).message}`);
    }
  }
  return byName;
}

const templateSecurity = defineFact({
  artifacts: ['ad.template-security'],
  derive(read): TemplateSecurityFact {
    const raw = read('ad.template-security');
    if (raw.status === 'not-found' || raw.status === 'unavailable') {
      return { byName: new Map(), unavailable: raw.message, source: raw.status === 'not-found' ? (raw.file ?? 'ad/template-security.json') : 'ad/template-security.json' };
    }
    const { file, bytes, codePage } = requireBytes(raw);
    return { byName: parseOrThrow(file, () => parseTemplateSecurity(decodeText(bytes, codePage))), source: file };
  },
});

export const mscepFacts = { mscepRegistry, certTemplates, caTemplates, scepTemplates, templateSecurity };
