/** Tencent Cloud API 3.0 signature TC3-HMAC-SHA256 (docs/signing.md#tc3-hmac-sha256), for emulators and diagnostics. */
import { hmacHex, hmacRaw, sha256Hex } from './digest.js';

/** Inputs of tc3Signature. Only content-type and host are signed, as the SDK does. */
export interface Tc3Input {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  /** X-TC-Action; not part of the signature, returned in the headers. */
  action?: string;
  /** X-TC-Timestamp, Unix seconds. */
  timestamp: number;
  payload: string | Buffer;
  contentType: string;
  method?: string;
  /** Canonical query string (empty for POST). */
  query?: string;
}

/** The Authorization header and the intermediate values an emulator compares. */
export interface Tc3Signature {
  authorization: string;
  signature: string;
  canonicalRequest: string;
  canonicalRequestHash: string;
  credentialScope: string;
  stringToSign: string;
  /** UTC date of the timestamp, YYYY-MM-DD. */
  date: string;
}

export function tc3Signature(input: Tc3Input): Tc3Signature {
  const method = (input.method ?? 'POST').toUpperCase();
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalRequest =
    `${method}\n/\n${method === 'POST' ? '' : (input.query ?? '')}` +
    `\ncontent-type:${input.contentType}\nhost:${input.host}` +
    `\n\ncontent-type;host\n${sha256Hex(input.payload)}`;
  const canonicalRequestHash = sha256Hex(canonicalRequest);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${credentialScope}\n${canonicalRequestHash}`;
  const kDate = hmacRaw('sha256', `TC3${input.secretKey}`, date);
  const kService = hmacRaw('sha256', kDate, input.service);
  const kSigning = hmacRaw('sha256', kService, 'tc3_request');
  const signature = hmacHex('sha256', kSigning, stringToSign);
  const authorization =
    `TC3-HMAC-SHA256 Credential=${input.secretId}/${credentialScope}, ` +
    `SignedHeaders=content-type;host, Signature=${signature}`;
  return { authorization, signature, canonicalRequest, canonicalRequestHash, credentialScope, stringToSign, date };
}

/** A parsed TC3 Authorization header, or undefined when it is not one. */
export interface ParsedTc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string;
  signature: string;
}

const TC3_AUTHORIZATION = new RegExp(
  '^TC3-HMAC-SHA256 Credential=([^/]+)/(\\d{4}-\\d{2}-\\d{2})/([^/]+)/tc3_request, ' +
    'SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$',
);

export function parseTc3Authorization(header: string): ParsedTc3Authorization | undefined {
  const m = TC3_AUTHORIZATION.exec(header.trim());
  if (!m) return undefined;
  return {
    secretId: m[1] as string,
    date: m[2] as string,
    service: m[3] as string,
    signedHeaders: m[4] as string,
    signature: m[5] as string,
  };
}
