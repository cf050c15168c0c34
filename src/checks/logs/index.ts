import type { AnyCheck } from '../../engine/check.js';
import caSubmission from './ca-submission.js';
import challengeValidation from './challenge-validation.js';
import connectorEventSummary from './connector-event-summary.js';
import connectorIntuneConnection from './connector-intune-connection.js';
import httperrRefusedRequests from './httperr-refused-requests.js';
import iisPkioperationForbidden from './iis-pkioperation-forbidden.js';
import iisRequestTooLong from './iis-request-too-long.js';
import iisScepRequests from './iis-scep-requests.js';
import iisServerErrors from './iis-server-errors.js';
import iisSlowRequests from './iis-slow-requests.js';
import ndesServiceEvents from './ndes-service-events.js';
import revocation from './revocation.js';
import scepIssuance from './scep-issuance.js';
import serviceCrashes from './service-crashes.js';

export const logChecks: AnyCheck[] = [
  connectorEventSummary,
  scepIssuance,
  challengeValidation,
  caSubmission,
  ndesServiceEvents,
  revocation,
  connectorIntuneConnection,
  serviceCrashes,
  iisScepRequests,
  iisRequestTooLong,
  iisServerErrors,
  iisPkioperationForbidden,
  iisSlowRequests,
  httperrRefusedRequests,
];
