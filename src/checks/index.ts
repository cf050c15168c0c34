import type { AnyCheck } from '../engine/check.js';
import type { Area } from '../engine/types.js';
import { accountChecks } from './account/index.js';
import { browserChecks } from './browser/index.js';
import { connectorChecks } from './connector/index.js';
import { endpointChecks } from './endpoint/index.js';
import { httpSysChecks } from './http-sys/index.js';
import { iisChecks } from './iis/index.js';
import { logChecks } from './logs/index.js';
import { mscepChecks } from './mscep/index.js';
import { profileChecks } from './profile/index.js';
import { serverChecks } from './server/index.js';
import { templateChecks } from './template/index.js';
import { tlsChecks } from './tls/index.js';
import { revocationChecks } from './revocation/index.js';
import { caChecks } from './ca/index.js';
import { intuneChecks } from './intune/index.js';

/** Checks by area, in report order; every area must be wired, even while it has no checks. */
const CHECKS_BY_AREA = {
  server: serverChecks,
  'http-sys': httpSysChecks,
  iis: iisChecks,
  tls: tlsChecks,
  mscep: mscepChecks,
  template: templateChecks,
  connector: connectorChecks,
  account: accountChecks,
  browser: browserChecks,
  endpoint: endpointChecks,
  revocation: revocationChecks,
  ca: caChecks,
  intune: intuneChecks,
  profile: profileChecks,
  logs: logChecks,
} satisfies Record<Area, readonly AnyCheck[]>;

export const CHECKS: readonly AnyCheck[] = Object.values(CHECKS_BY_AREA).flat();
