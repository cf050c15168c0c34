import type { AnyCheck } from '../../engine/check.js';
import endpointsReachable from './endpoints-reachable.js';
import tlsNotIntercepted from './tls-not-intercepted.js';
import clockSkew from './clock-skew.js';

export const intuneChecks: AnyCheck[] = [endpointsReachable, tlsNotIntercepted, clockSkew];
