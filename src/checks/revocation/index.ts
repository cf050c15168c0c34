import type { AnyCheck } from '../../engine/check.js';
import raCertificatesRevocation from './ra-certificates-revocation.js';
import tlsCertificateRevocation from './tls-certificate-revocation.js';
import caCertificateRevocation from './ca-certificate-revocation.js';

export const revocationChecks: AnyCheck[] = [raCertificatesRevocation, tlsCertificateRevocation, caCertificateRevocation];
