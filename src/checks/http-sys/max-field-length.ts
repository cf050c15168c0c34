import { defineCheck } from '../../engine/check.js';
import { checkHttpSysLimit } from './dword-limit.js';

export default defineCheck({
  id: 'NDES-HSYS-001',
  slug: 'http-sys-max-field-length',
  area: 'http-sys',
  title: 'HTTP.sys MaxFieldLength allows long SCEP request headers',
  severity: 'high',
  requires: ['httpSysParameters'],
  run: ({ httpSysParameters }) => checkHttpSysLimit(httpSysParameters, 'MaxFieldLength'),
});
