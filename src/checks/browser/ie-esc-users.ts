import { defineCheck } from '../../engine/check.js';
import { checkIeEsc } from './ie-esc-setting.js';

export default defineCheck({
  id: 'NDES-IE-002',
  slug: 'ie-esc-users',
  area: 'browser',
  title: 'IE Enhanced Security Configuration is off for users',
  severity: 'low',
  requires: ['ieEscUsers'],
  run: ({ ieEscUsers }) => checkIeEsc(ieEscUsers, 'users'),
});
