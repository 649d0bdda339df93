/** Turns a raw value (from JSON, env or a flag) into the field's type, or says what is wrong. */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { FieldDef } from './fields.js';

export type Coerced = { ok: true; value: string | number } | { ok: false; message: string; expected: string };

const ok = (value: string | number): Coerced => ({ ok: true, value });
const bad = (message: string, expected: string): Coerced => ({ ok: false, message, expected });

const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9a-fA-F:]+$/;

export function coerce(def: FieldDef, raw: unknown): Coerced {
  switch (def.kind) {
    case 'int':
    case 'port':
      return coerceInt(def, raw);
    case 'enum': {
      const v = String(raw);
      return def.choices?.includes(v)
        ? ok(v)
        : bad(`${JSON.stringify(raw)} is not allowed`, `one of ${def.choices?.join(', ')}`);
    }
    case 'url':
      return coerceUrl(raw);
    case 'host': {
      const v = typeof raw === 'string' ? raw : String(raw);
      return HOST.test(v) || IPV6.test(v)
        ? ok(v)
        : bad(`${JSON.stringify(v)} is not a host name or IP address`, 'a host such as push.example.com or 127.0.0.1');
    }
    case 'pem':
      return coercePem(def, raw);
    default: {
      if (typeof raw === 'number' && Number.isFinite(raw)) return ok(String(raw));
      if (typeof raw !== 'string') return bad(`must be a string, got ${typeof raw}`, 'a string');
      return raw.length === 0 ? bad('is empty', 'a value (or leave the field out)') : ok(raw);
    }
  }
}

function coerceInt(def: FieldDef, raw: unknown): Coerced {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d+$/.test(text)) {
    return bad(`${JSON.stringify(raw)} is not a whole number`, def.kind === 'port' ? 'a port 1–65535' : 'digits only');
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return bad(`${text} is too large`, 'a smaller whole number');
  if (def.kind === 'port' && (n < 1 || n > 65535)) return bad(`${n} is not a TCP port`, 'a port 1–65535');
  return ok(n);
}

function coerceUrl(raw: unknown): Coerced {
  const v = String(raw).trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return bad(`${JSON.stringify(v)} is not a URL`, 'http(s)://host[:port]');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return bad(`${url.protocol} URLs are not supported`, 'an http:// or https:// URL');
  return ok(v.replace(/\/+$/, ''));
}

function coercePem(def: FieldDef, raw: unknown): Coerced {
  if (typeof raw !== 'string' || !raw.includes('-----BEGIN')) {
    return bad('is not a PEM key (no -----BEGIN line)', 'the PEM text of the downloaded key file');
  }
  const pem = raw.replace(/\r\n/g, '\n').replace(/\\n/g, '\n');
  const isPrivate = def.path.endsWith('privateKey');
  try {
    const key = isPrivate ? createPrivateKey(pem) : createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ec')
      return bad(`is a ${String(key.asymmetricKeyType)} key, not an EC key`, 'an EC (ECDSA) key on secp256k1');
  } catch (e) {
    return bad(
      `does not parse as a ${isPrivate ? 'private' : 'public'} key (${(e as Error).message})`,
      isPrivate ? '-----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----' : '-----BEGIN PUBLIC KEY-----',
    );
  }
  return ok(pem.endsWith('\n') ? pem : `${pem}\n`);
}
