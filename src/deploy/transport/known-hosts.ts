/**
 * OpenSSH known_hosts: plain (`host1,[host2]:2222 ssh-ed25519 AAAA…`) and hashed (`|1|salt|hmac`) host
 * patterns, `@revoked` markers, and SHA256 fingerprints as `ssh-keygen -lf` prints them.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** One key line of known_hosts. */
export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  /** The host field as written (comma-separated patterns, or one hashed pattern). */
  hosts: string;
  keyType: string;
  /** base64 of the key blob. */
  key: string;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    const marker = parts[0] === '@revoked' || parts[0] === '@cert-authority' ? parts.shift() : undefined;
    const [hosts, keyType, key] = parts;
    if (!hosts || !keyType || !key) continue;
    out.push({ ...(marker ? { marker: marker as KnownHostEntry['marker'] } : {}), hosts, keyType, key });
  }
  return out;
}

/** The name OpenSSH looks a host up by: `host` on port 22, `[host]:port` otherwise. */
export function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether an entry's host field names this host (hashed, exact, or a `*`/`?` wildcard, `!` negations). */
export function entryMatches(hosts: string, host: string, port: number): boolean {
  const name = hostPattern(host, port);
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    const p = negated ? pattern.slice(1) : pattern;
    if (wildcard(p, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function wildcard(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

/** `SHA256:<base64 without padding>` of a key blob, as `ssh-keygen -lf` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first string). */
export function blobKeyType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** The line `--accept-new` appends: hashed like `HashKnownHosts yes`, so the file names no host in clear. */
export function knownHostsLine(host: string, port: number, blob: Buffer): string {
  const salt = randomBytes(20);
  const mac = createHmac('sha1', salt).update(hostPattern(host, port)).digest('base64');
  return `|1|${salt.toString('base64')}|${mac} ${blobKeyType(blob)} ${blob.toString('base64')}`;
}
