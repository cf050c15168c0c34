import { MSCEP_KEY } from '../collect/windows/mscep-artifacts.js';
import { parseCaTemplates, type CaTemplate } from '../parse/certutil-catemplates.js';
import {
  findTemplateByDisplayName,
  findTemplateByName,
  parseCertutilTemplates,
  type CertTemplate,
} from '../parse/certutil-dstemplate.js';
import { decodeText } from '../parse/text.js';
import { defineFact, FactError, parseOrThrow, requireBytes } from './fact.js';
import { iisConfig } from './iis.js';
import type { IisConfigFact } from './iis-types.js';
import { readRegistryTree, stringValue, subkey, type RegistryTreeFact } from './registry-tree.js';

/** The three MSCEP values naming a template, one per purpose on the template's Request Handling tab. */
export const MSCEP_TEMPLATE_VALUES = ['SignatureTemplate', 'EncryptionTemplate', 'GeneralPurposeTemplate'] as const;
export type MscepTemplateValue = (typeof MSCEP_TEMPLATE_VALUES)[number];

/** What NDES setup writes to all three values. */
export const NDES_DEFAULT_TEMPLATE = 'IPSECIntermediateOffline';

export interface CertTemplatesFact {
  templates: CertTemplate[];
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
}

const mscepRegistry = defineFact({
  artifacts: ['registry.mscep'],
  derive: (read): RegistryTreeFact => readRegistryTree(read('registry.mscep'), MSCEP_KEY),
});

const certTemplates = defineFact({
  artifacts: ['certutil.dstemplate'],
  derive(read): CertTemplatesFact {
    const raw = requireBytes(read('certutil.dstemplate'));
    return { templates: parseOrThrow(raw.file, () => parseCertutilTemplates(decodeText(raw.bytes, raw.codePage))), source: raw.file };
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
    const { templates, source } = certTemplates.derive(read);
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
    return { refs, registrySource: tree.source, templatesSource: source };
  },
});

/** The specific user the SCEP application pool runs as: the account that needs Read and Enroll. */
export type ScepPoolAccountFact = { account: string; source: string } | { account?: undefined; reason: string };

export function scepPoolAccount(iis: IisConfigFact): ScepPoolAccountFact {
  const app = iis.sites.flatMap((s) => s.applications).find((a) => a.path.replace(/\/+$/, '').toLowerCase() === '/certsrv/mscep');
  if (!app) return { reason: `${iis.source} has no /CertSrv/mscep application` };
  const pool = iis.appPools.find((p) => p.name.toLowerCase() === app.applicationPool.toLowerCase());
  if (!pool) return { reason: `the application pool "${app.applicationPool}" of /CertSrv/mscep is not defined in ${iis.source}` };
  if (pool.identityType !== 'SpecificUser' || !pool.userName) {
    return { reason: `the SCEP application pool runs as ${pool.identityType}, which reaches Active Directory as the computer account` };
  }
  return { account: pool.userName, source: iis.source };
}

// Template permissions are still worth showing without IIS data, so its absence is a reason, not an error.
const scepAccount = defineFact({
  artifacts: iisConfig.artifacts,
  derive(read): ScepPoolAccountFact {
    try {
      return scepPoolAccount(iisConfig.derive(read));
    } catch (e) {
      if (e instanceof FactError) return { reason: e.message };
      throw e;
    }
  },
});

export const mscepFacts = { mscepRegistry, certTemplates, caTemplates, scepTemplates, scepAccount };
