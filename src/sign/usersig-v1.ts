/** UserSig version 1 (legacy): ECDSA-SHA256 over secp256k1 with the IM private key (docs/signing.md#usersig-v1). */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { InputError } from '../errors.js';
import { DEFAULT_USERSIG_EXPIRE } from './usersig-v2.js';
import { wrapUserSig } from './usersig-wrap.js';

/** The TLS.version the Node library writes. */
export const V1_LIB_VERSION = '201610110000';

/** Inputs of genUserSigV1. */
export interface UserSigV1Input {
  sdkAppId: number;
  /** The legacy IM accountType (e.g. "18647"; the Node library writes "0"). */
  accountType: string | number;
  privateKeyPem: string;
  userId: string;
  expireSeconds?: number;
  now?: number;
  /** TLS.appid_at_3rd (Node library "0"; RoomService Node used the sdkappid). */
  appIdAt3rd?: string;
}

/** Keys of the v1 content string, in signing order; appid_at_3rd only when present in the JSON. */
const V1_CONTENT_KEYS = [
  'TLS.account_type',
  'TLS.identifier',
  'TLS.sdk_appid',
  'TLS.time',
  'TLS.expire_after',
] as const;

/** Rebuilds `_genSignContent` from the JSON values (rendered as strings, as the library does). */
export function v1Content(doc: Record<string, unknown>): string {
  let s = '';
  if ('TLS.appid_at_3rd' in doc) s += `TLS.appid_at_3rd:${String(doc['TLS.appid_at_3rd'])}\n`;
  for (const k of V1_CONTENT_KEYS) s += `${k}:${String(doc[k])}\n`;
  if ('TLS.userbuf' in doc) s += `TLS.userbuf:${String(doc['TLS.userbuf'])}\n`;
  return s;
}

export function loadPrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ec') throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key, not EC`);
    return key;
  } catch (err) {
    throw new InputError(`The IM private key cannot be used: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'im.privateKey must be the EC private key PEM (file "private_key") downloaded from the old IM console.',
    });
  }
}

export function genUserSigV1(input: UserSigV1Input): string {
  const expire = input.expireSeconds ?? DEFAULT_USERSIG_EXPIRE;
  const time = input.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(expire) || expire <= 0)
    throw new InputError(`UserSig validity must be a positive number of seconds, got ${expire}`);
  if (input.userId === '') throw new InputError('The UserSig user id is empty.');
  const key = loadPrivateKey(input.privateKeyPem);
  // Every value is a string: the C++ verifier rejects a numeric TLS.expire_after.
  const doc: Record<string, string> = {
    'TLS.account_type': String(input.accountType),
    'TLS.identifier': input.userId,
    'TLS.appid_at_3rd': input.appIdAt3rd ?? '0',
    'TLS.sdk_appid': String(input.sdkAppId),
    'TLS.expire_after': String(expire),
    'TLS.version': V1_LIB_VERSION,
    'TLS.time': String(time),
  };
  doc['TLS.sig'] = sign('sha256', Buffer.from(v1Content(doc), 'utf8'), key).toString('base64');
  return wrapUserSig(JSON.stringify(doc));
}
