import { defineCheck } from '../../engine/check.js';
import { checkRequestLimit } from './request-limit.js';

export default defineCheck({
  id: 'NDES-IIS-002',
  slug: 'request-filtering-max-query-string',
  area: 'iis',
  title: 'IIS request filtering maxQueryString allows long SCEP queries on /CertSrv/mscep',
  severity: 'high',
  requires: ['iisScepPath'],
  run: ({ iisScepPath }) =>
    checkRequestLimit(iisScepPath, 'maxQueryString', {
      // POST PKIOperation sends the request in the body instead; this limit bounds it.
      maxAllowedContentLength: iisScepPath.maxAllowedContentLength.value,
      maxAllowedContentLengthSetBy: iisScepPath.maxAllowedContentLength.setBy ?? 'IIS default',
    }),
});
