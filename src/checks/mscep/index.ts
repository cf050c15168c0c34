import type { AnyCheck } from '../../engine/check.js';
import caConfiguration from './ca-configuration.js';
import templateExists from './template-exists.js';
import templateValues from './template-values.js';
import raPrivateKeyReadable from './ra-private-key-readable.js';
import templatePurpose from './template-purpose.js';

export const mscepChecks: AnyCheck[] = [templateValues, caConfiguration, templateExists, raPrivateKeyReadable, templatePurpose];
