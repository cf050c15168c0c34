import caCertificateExpiry from './ca-certificate-expiry.js';
import enrollmentProbe from './enrollment-probe.js';
import getCaCapsCapabilities from './getcacaps-capabilities.js';
import loadBalancerAffinity from './load-balancer-affinity.js';
import longUrlPath from './long-url-path.js';
import mscepAdminExposure from './mscep-admin-exposure.js';
import mscepDllStatus from './mscep-dll-status.js';
import raCertificateExpiry from './ra-certificate-expiry.js';
import raSignedByCa from './ra-signed-by-ca.js';
import scepCertificateStrength from './scep-certificate-strength.js';
import tlsCertificateExpiry from './endpoint-tls-expiry.js';
import tlsChainTrusted from './endpoint-tls-chain-trusted.js';
import tlsHostnameMatch from './endpoint-tls-hostname.js';
import tlsCertificateLifetime from './endpoint-tls-lifetime.js';
import tlsProtocolVersions from './endpoint-tls-versions.js';
import tlsServerAuthEku from './endpoint-tls-server-auth-eku.js';

export const endpointChecks = [
  mscepDllStatus,
  raCertificateExpiry,
  getCaCapsCapabilities,
  caCertificateExpiry,
  raSignedByCa,
  scepCertificateStrength,
  tlsProtocolVersions,
  tlsChainTrusted,
  tlsHostnameMatch,
  tlsServerAuthEku,
  tlsCertificateExpiry,
  tlsCertificateLifetime,
  longUrlPath,
  loadBalancerAffinity,
  mscepAdminExposure,
  enrollmentProbe,
];
