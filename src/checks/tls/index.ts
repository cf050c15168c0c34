import type { AnyCheck } from '../../engine/check.js';
import boundCertificate from './bound-certificate.js';
import certificateLifetime from './certificate-lifetime.js';
import certificateNames from './certificate-names.js';
import certificateStrength from './certificate-strength.js';
import certificateValidity from './certificate-validity.js';
import connectorEncryptionCertificate from './connector-encryption-certificate.js';
import raCertificates from './ra-certificates.js';
import rootIntermediates from './root-intermediates.js';
import serverAuthEku from './server-auth-eku.js';
import sslBinding from './ssl-binding.js';

export const tlsChecks: AnyCheck[] = [
  sslBinding,
  boundCertificate,
  serverAuthEku,
  certificateValidity,
  certificateNames,
  certificateStrength,
  certificateLifetime,
  raCertificates,
  rootIntermediates,
  connectorEncryptionCertificate,
];
