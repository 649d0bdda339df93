/**
 * The UserSig envelope shared by v1 and v2 (docs/signing.md#usersig-v2, steps 4–5): JSON → zlib (RFC 1950) →
 * base64 with `+/=` replaced by `*-_`. Unwrapping names the step that failed, because "truncated
 * in a copy-paste" and "not a UserSig at all" need different advice.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { InputError } from '../errors.js';

/** Which unwrap step failed: for error messages and `doctor`. */
export type UnwrapStep = 'base64' | 'zlib' | 'json' | 'fields';

/** An InputError raised while decoding a UserSig, carrying the failing step. */
export class UserSigDecodeError extends InputError {
  readonly step: UnwrapStep;
  constructor(step: UnwrapStep, message: string) {
    super(message, {
      hint:
        (step === 'fields'
          ? 'This is valid compressed JSON but not a UserSig; check what was pasted.'
          : 'The UserSig is garbled or truncated; copy it again completely (it usually starts with "eJ").') +
        ' The app would see IM error 70003.',
      details: { step, imErrorCode: 70003 },
    });
    this.name = 'UserSigDecodeError';
    this.step = step;
  }
}

export function wrapUserSig(json: string): string {
  return deflateSync(Buffer.from(json, 'utf8'))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

/** Reverses wrapUserSig and parses the JSON object; throws UserSigDecodeError naming the step. */
export function unwrapUserSig(sig: string): Record<string, unknown> {
  const trimmed = sig.trim();
  if (trimmed === '') throw new UserSigDecodeError('base64', 'The UserSig is empty.');
  const b64 = trimmed.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    const bad = b64.match(/[^A-Za-z0-9+/=]/)?.[0];
    throw new UserSigDecodeError(
      'base64',
      `The UserSig is not in the UserSig base64 alphabet` +
        `${bad ? ` (unexpected character ${JSON.stringify(bad)})` : ' (misplaced padding)'}` +
        `.`,
    );
  }
  const padded = b64.padEnd(Math.ceil(b64.length / 4) * 4, '=');
  const bytes = Buffer.from(padded, 'base64');
  let inflated: Buffer;
  try {
    inflated = inflateSync(bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new UserSigDecodeError(
      'zlib',
      `The UserSig does not decompress (${reason}); it is truncated or not a UserSig.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(inflated.toString('utf8'));
  } catch {
    throw new UserSigDecodeError('json', 'The UserSig decompresses but is not JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UserSigDecodeError('json', 'The UserSig decompresses to JSON that is not an object.');
  return parsed as Record<string, unknown>;
}
