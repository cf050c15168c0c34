import caValidity from './ca-validity.js';
import deviceVariablesSpoofable from './device-variables-spoofable.js';
import extendedKeyUsage from './extended-key-usage.js';
import hashAlgorithm from './hash-algorithm.js';
import keySize from './key-size.js';
import keyUsage from './key-usage.js';
import mscepTemplate from './mscep-template.js';
import platformVariables from './platform-variables.js';
import renewalThreshold from './renewal-threshold.js';
import sanAttributes from './san-attributes.js';
import scepUrlTlsNames from './scep-url-tls-names.js';
import scepUrls from './scep-urls.js';
import strongMappingSid from './strong-mapping-sid.js';
import subjectEscapedCharacters from './subject-escaped-characters.js';
import subjectVariables from './subject-variables.js';
import templateUsages from './template-usages.js';
import templateValidity from './template-validity.js';
import validityPeriod from './validity-period.js';

/** Checks of an Intune SCEP profile; only `lint-profile` runs them, since only it supplies the profile. */
export const profileChecks = [
  subjectVariables,
  subjectEscapedCharacters,
  platformVariables,
  deviceVariablesSpoofable,
  sanAttributes,
  strongMappingSid,
  validityPeriod,
  renewalThreshold,
  keyUsage,
  extendedKeyUsage,
  keySize,
  hashAlgorithm,
  scepUrls,
  mscepTemplate,
  templateValidity,
  templateUsages,
  caValidity,
  scepUrlTlsNames,
];
