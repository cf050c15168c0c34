import forge from 'node-forge';
import { ParseError, plainMessage } from './errors.js';

/** A PKIOperation answer that is not a SCEP CertRep. */
export class CertRepParseError extends ParseError {
  override name = 'CertRepParseError';
}

const { asn1 } = forge;

export const PKI_STATUS = { '0': 'SUCCESS', '2': 'FAILURE', '3': 'PENDING' } as const;
export const FAIL_INFO = { '0': 'badAlg', '1': 'badMessageCheck', '2': 'badRequest', '3': 'badTime', '4': 'badCertId' } as const;

export interface CertRep {
  messageType?: string;
  pkiStatus?: string;
  failInfo?: string;
}

const ATTRS: Record<string, keyof CertRep> = {
  '2.16.840.1.113733.1.9.2': 'messageType',
  '2.16.840.1.113733.1.9.3': 'pkiStatus',
  '2.16.840.1.113733.1.9.4': 'failInfo',
};

/** The SCEP attributes of a CertRep (RFC 8894 section 3.3.2): read from the signer's authenticated attributes, no decryption. */
export function parseCertRep(bytes: Uint8Array): CertRep {
  let root: forge.asn1.Asn1;
  try {
    root = asn1.fromDer(forge.util.binary.raw.encode(bytes));
  } catch (e) {
    throw new CertRepParseError(`not DER (${plainMessage(e)}); probably an HTML error page`);
  }
  const top = root.value as forge.asn1.Asn1[];
  if (top[0]?.type !== asn1.Type.OID || asn1.derToOid(top[0].value as string) !== '1.2.840.113549.1.7.2') throw new CertRepParseError('not a PKCS#7 signedData');
  const signedData = ((top[1]?.value as forge.asn1.Asn1[])?.[0]?.value ?? []) as forge.asn1.Asn1[];
  const signerInfos = [...signedData].reverse().find((n) => n.tagClass === asn1.Class.UNIVERSAL && n.type === asn1.Type.SET);
  const signer = (signerInfos?.value as forge.asn1.Asn1[] | undefined)?.[0];
  const authAttrs = (signer?.value as forge.asn1.Asn1[] | undefined)?.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  if (!authAttrs) throw new CertRepParseError('the PKCS#7 has no signer attributes, so it is not a SCEP CertRep');
  const out: CertRep = {};
  for (const a of authAttrs.value as forge.asn1.Asn1[]) {
    const [type, values] = a.value as forge.asn1.Asn1[];
    const key = ATTRS[asn1.derToOid(type!.value as string)];
    const v = (values?.value as forge.asn1.Asn1[] | undefined)?.[0];
    if (key && v && typeof v.value === 'string') out[key] = v.value;
  }
  return out;
}
