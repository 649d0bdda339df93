/** UserSig version 2: HMAC-SHA256 with the IM SecretKey (docs/signing.md#usersig-v2). */
import { createHmac } from 'node:crypto';
import { InputError } from '../errors.js';
import { wrapUserSig } from './usersig-wrap.js';

/** 180 days, the /login default. */
export const DEFAULT_USERSIG_EXPIRE = 15552000;

/** Inputs of genUserSigV2. */
export interface UserSigV2Input {
  sdkAppId: number;
  secretKey: string;
  userId: string;
  /** Validity in seconds (default 180 days). */
  expireSeconds?: number;
  /** Issue time, Unix seconds (default: the system clock). */
  now?: number;
  /** Optional userbuf (raw bytes or a string); stored base64-encoded. */
  userBuf?: Buffer | string;
}

/** The signed content string; values are rendered as strings exactly as the JSON holds them. */
export function v2Content(fields: {
  identifier: string;
  sdkappid: number | string;
  time: number | string;
  expire: number | string;
  userbuf?: string;
}): string {
  let s =
    `TLS.identifier:${fields.identifier}\nTLS.sdkappid:${fields.sdkappid}` +
    `\nTLS.time:${fields.time}\nTLS.expire:${fields.expire}\n`;
  if (fields.userbuf !== undefined) s += `TLS.userbuf:${fields.userbuf}\n`;
  return s;
}

export function v2Hmac(secretKey: string, content: string): string {
  return createHmac('sha256', secretKey).update(content).digest('base64');
}

export function genUserSigV2(input: UserSigV2Input): string {
  const expire = input.expireSeconds ?? DEFAULT_USERSIG_EXPIRE;
  const time = input.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(input.sdkAppId) || input.sdkAppId <= 0)
    throw new InputError(`SDKAppID must be a positive integer, got ${input.sdkAppId}`);
  if (!Number.isSafeInteger(expire) || expire <= 0)
    throw new InputError(`UserSig validity must be a positive number of seconds, got ${expire}`);
  if (input.userId === '') throw new InputError('The UserSig user id is empty.');
  const userbuf = input.userBuf === undefined ? undefined : Buffer.from(input.userBuf).toString('base64');
  const sig = v2Hmac(
    input.secretKey,
    v2Content({
      identifier: input.userId,
      sdkappid: input.sdkAppId,
      time,
      expire,
      ...(userbuf === undefined ? {} : { userbuf }),
    }),
  );
  // Same key order as the Node library; any order verifies.
  const doc: Record<string, string | number> = {
    'TLS.ver': '2.0',
    'TLS.identifier': input.userId,
    'TLS.sdkappid': input.sdkAppId,
    'TLS.time': time,
    'TLS.expire': expire,
  };
  if (userbuf !== undefined) doc['TLS.userbuf'] = userbuf;
  doc['TLS.sig'] = sig;
  return wrapUserSig(JSON.stringify(doc));
}
