import { defineCheck } from '../../engine/check.js';
import { checkRequestLimit } from './request-limit.js';

export default defineCheck({
  id: 'NDES-IIS-001',
  slug: 'request-filtering-max-url',
  area: 'iis',
  title: 'IIS request filtering maxUrl allows long SCEP URLs on /CertSrv/mscep',
  severity: 'high',
  requires: ['iisScepPath'],
  run: ({ iisScepPath }) => checkRequestLimit(iisScepPath, 'maxUrl'),
});
