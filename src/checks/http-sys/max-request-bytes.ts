import { defineCheck } from '../../engine/check.js';
import { checkHttpSysLimit } from './dword-limit.js';

export default defineCheck({
  id: 'NDES-HSYS-002',
  slug: 'http-sys-max-request-bytes',
  area: 'http-sys',
  title: 'HTTP.sys MaxRequestBytes allows long SCEP requests',
  severity: 'high',
  requires: ['httpSysParameters'],
  run: ({ httpSysParameters }) => checkHttpSysLimit(httpSysParameters, 'MaxRequestBytes'),
});
