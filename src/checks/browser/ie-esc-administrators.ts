import { defineCheck } from '../../engine/check.js';
import { checkIeEsc } from './ie-esc-setting.js';

export default defineCheck({
  id: 'NDES-IE-001',
  slug: 'ie-esc-administrators',
  area: 'browser',
  title: 'IE Enhanced Security Configuration is off for administrators',
  severity: 'high',
  requires: ['ieEscAdmins'],
  run: ({ ieEscAdmins }) => checkIeEsc(ieEscAdmins, 'administrators'),
});
