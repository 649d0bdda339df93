/** COS JSON API (v4) signature for the legacy GetCOSSign (docs/signing.md#cos-v4-signature; no vector confirms it). */
import { hmacRaw } from './digest.js';

/** Inputs of cosV4Sign; fileId empty/absent makes a multi-use signature. */
export interface CosV4Input {
  appId: number | string;
  bucket: string;
  secretId: string;
  secretKey: string;
  /** Absolute expiry, Unix seconds. */
  expiredTime: number;
  now: number;
  rand: number;
  fileId?: string;
}

/** The plain-text part that is signed and appended. */
export function cosV4Original(input: Omit<CosV4Input, 'secretKey'>): string {
  return (
    `a=${input.appId}&b=${input.bucket}&k=${input.secretId}&e=` +
    `${input.expiredTime}&t=${input.now}&r=${input.rand}&f=` +
    `${input.fileId ?? ''}`
  );
}

/** base64(HMAC-SHA1(SecretKey, Original) ‖ Original). */
export function cosV4Sign(input: CosV4Input): string {
  const original = cosV4Original(input);
  return Buffer.concat([hmacRaw('sha1', input.secretKey, original), Buffer.from(original, 'utf8')]).toString('base64');
}
