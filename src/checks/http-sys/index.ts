import maxFieldLength from './max-field-length.js';
import maxRequestBytes from './max-request-bytes.js';

export const httpSysChecks = [maxFieldLength, maxRequestBytes];
