/** One TLS handshake that records everything the certificate and iOS ATS checks look at. */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import {
  checkServerIdentity,
  connect,
  createSecureContext,
  rootCertificates,
  type PeerCertificate,
  type SecureContext,
} from 'node:tls';
import type { CheckContext } from '../check.js';
import { classify, ProbeError } from './http.js';
import type { ServerTarget } from './server-target.js';

/** What the handshake showed. */
export interface TlsInfo {
  /** Chain verification error code (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, …), or undefined when trusted. */
  authorizationError: string | undefined;
  /** Host name mismatch message, or undefined. */
  hostnameError: string | undefined;
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  protocol: string;
  cipher: string;
  /** 'RSA' | 'EC' | other. */
  keyType: string;
  keyBits: number;
  /** e.g. sha256WithRSAEncryption, ecdsa-with-SHA256, or 'unknown'. */
  signatureAlgorithm: string;
}

export function tlsInfo(ctx: CheckContext, target: ServerTarget): Promise<TlsInfo> {
  return ctx.memo(`tls:${target.origin}`, () => handshake(target, ctx.inputs.tlsCa, ctx.signal));
}

// Parsing the ~140 root certificates costs ~30 ms of CPU: once per CA, not at every handshake.
const contexts = new Map<string, SecureContext>();
function trusting(ca: string): SecureContext {
  let context = contexts.get(ca);
  if (!context) contexts.set(ca, (context = createSecureContext({ ca: [...rootCertificates, ca] })));
  return context;
}

function handshake(target: ServerTarget, ca: string | undefined, signal: AbortSignal): Promise<TlsInfo> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.host,
      port: target.port,
      ...(isIP(target.host) ? {} : { servername: target.host }),
      rejectUnauthorized: false,
      ...(ca ? { secureContext: trusting(ca) } : {}),
    });
    const onAbort = (): void => {
      socket.destroy();
      reject(new ProbeError('aborted', 'ABORT_ERR', 'aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('close', () => signal.removeEventListener('abort', onAbort));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProbeError('timeout', 'ETIMEDOUT', 'TLS handshake timed out'));
    }, 5000);
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(classify(e));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      try {
        const cert = socket.getPeerCertificate(false) as PeerCertificate;
        const x509 = new X509Certificate(cert.raw);
        const details = x509.publicKey.asymmetricKeyDetails;
        const keyType = (x509.publicKey.asymmetricKeyType ?? 'unknown').toUpperCase();
        const identity = checkServerIdentity(target.host, cert);
        resolve({
          authorizationError: socket.authorized ? undefined : String(socket.authorizationError ?? 'UNTRUSTED'),
          hostnameError: identity ? identity.message : undefined,
          subject: x509.subject.replace(/\n/g, ', '),
          issuer: x509.issuer.replace(/\n/g, ', '),
          validFrom: new Date(x509.validFrom),
          validTo: new Date(x509.validTo),
          protocol: socket.getProtocol() ?? 'unknown',
          cipher: socket.getCipher().name,
          keyType: keyType === 'RSA-PSS' ? 'RSA' : keyType,
          keyBits: details?.modulusLength ?? curveBits(details?.namedCurve),
          signatureAlgorithm: signatureAlgorithm(cert.raw),
        });
      } catch (e) {
        reject(e);
      } finally {
        socket.destroy();
      }
    });
  });
}

function curveBits(curve: string | undefined): number {
  const m = /(\d{3})/.exec(curve ?? '');
  return m ? Number(m[1]) : 0;
}

/** The outer signatureAlgorithm OID of a DER certificate: the last known OID in it. */
const SIG_OIDS: ReadonlyArray<[string, string]> = [
  ['06092a864886f70d010104', 'md5WithRSAEncryption'],
  ['06092a864886f70d010105', 'sha1WithRSAEncryption'],
  ['06092a864886f70d01010b', 'sha256WithRSAEncryption'],
  ['06092a864886f70d01010c', 'sha384WithRSAEncryption'],
  ['06092a864886f70d01010d', 'sha512WithRSAEncryption'],
  ['06092a864886f70d01010a', 'rsassa-pss'],
  ['06072a8648ce3d0401', 'ecdsa-with-SHA1'],
  ['06082a8648ce3d040302', 'ecdsa-with-SHA256'],
  ['06082a8648ce3d040303', 'ecdsa-with-SHA384'],
  ['06082a8648ce3d040304', 'ecdsa-with-SHA512'],
  ['06032b6570', 'ed25519'],
];

export function signatureAlgorithm(der: Buffer): string {
  const hex = der.toString('hex');
  let best = { at: -1, name: 'unknown' };
  for (const [oid, name] of SIG_OIDS) {
    const at = hex.lastIndexOf(oid);
    if (at > best.at) best = { at, name };
  }
  return best.name;
}

/** True when the algorithm uses SHA-256 or stronger (what ATS requires). */
export function strongSignature(alg: string): boolean {
  return /sha(256|384|512)|rsassa-pss|ed25519/i.test(alg);
}
