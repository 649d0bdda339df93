import { createHash } from 'node:crypto';

/**
 * Masks a secret for display: a short prefix and the last 4 characters at most, so a user can
 * tell two keys apart without the output ever being enough to use one.
 */
export function mask(secret: string): string {
  const value = secret.trim();
  if (value.length === 0) return '';
  if (value.includes('-----BEGIN')) return maskPem(value);
  if (value.length < 12) return '*'.repeat(Math.min(value.length, 8));
  const prefix = value.slice(0, value.length >= 24 ? 4 : 2);
  return `${prefix}…${value.slice(-4)}`;
}

function maskPem(pem: string): string {
  const kind = /-----BEGIN ([A-Z ]+)-----/.exec(pem)?.[1] ?? 'PEM';
  return `<${kind.toLowerCase()}, ${pem.length} chars, fp ${fingerprint(pem)}>`;
}

/**
 * A salted hash prefix of a secret, safe to print and to compare across systems (local config,
 * deployed server, cloud): equal fingerprints mean equal keys, nothing else is revealed.
 */
export function fingerprint(secret: string, salt = 'minilvb-fp-v1'): string {
  return createHash('sha256').update(`${salt}\0${secret.trim()}`).digest('hex').slice(0, 12);
}
