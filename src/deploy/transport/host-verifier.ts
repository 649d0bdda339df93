/**
 * Host key verification before anything is sent: the key must be in known_hosts (plain or hashed
 * entries, `[host]:port` form) or match a pinned fingerprint. An unknown host is refused unless
 * `acceptNew` (then its key is appended to known_hosts); a changed or revoked key is always refused.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MinilvbError } from '../../errors.js';
import {
  blobKeyType,
  entryMatches,
  fingerprint,
  hostPattern,
  knownHostsLine,
  parseKnownHosts,
  type KnownHostEntry,
} from './known-hosts.js';

/** How host keys are checked. */
export interface HostKeyPolicy {
  knownHostsFile: string;
  /** SHA256:… fingerprints; when given, a key matching one is trusted without known_hosts. */
  pinned?: readonly string[];
  acceptNew: boolean;
}

/** What the check decided about the key a host presented. */
export type HostKeyVerdict =
  | { kind: 'known' | 'pinned' | 'accepted-new'; fingerprint: string }
  | { kind: 'unknown' | 'changed' | 'revoked'; fingerprint: string; keyType: string };

/** A verifier for one connection: ssh2's hostVerifier plus what it decided. */
export interface HostVerifier {
  verify(blob: Buffer): boolean;
  verdict(): HostKeyVerdict | undefined;
  /** Host key algorithms to offer: those of the known keys, so a server cannot dodge the check with another type. */
  algorithms: string[] | undefined;
  /** Appends an accepted-new key to known_hosts (after the connection succeeded). */
  persist(): Promise<void>;
}

const ALGORITHMS: Readonly<Record<string, readonly string[]>> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
};

export async function createHostVerifier(host: string, port: number, policy: HostKeyPolicy): Promise<HostVerifier> {
  const text = await readFile(policy.knownHostsFile, 'utf8').catch(() => '');
  const entries = parseKnownHosts(text).filter(
    (e) => e.marker !== '@cert-authority' && entryMatches(e.hosts, host, port),
  );
  const pinned = (policy.pinned ?? []).map((f) => f.trim()).filter(Boolean);
  const trusted = entries.filter((e) => !e.marker);
  const types = [...new Set(trusted.map((e) => e.keyType))];
  const algorithms = pinned.length === 0 && types.length > 0 ? types.flatMap((t) => ALGORITHMS[t] ?? [t]) : undefined;
  let verdict: HostKeyVerdict | undefined;
  let newBlob: Buffer | undefined;
  return {
    algorithms,
    verdict: () => verdict,
    verify(blob) {
      verdict = decide(blob, entries, pinned, policy.acceptNew);
      if (verdict.kind === 'accepted-new') newBlob = blob;
      return verdict.kind === 'known' || verdict.kind === 'pinned' || verdict.kind === 'accepted-new';
    },
    async persist() {
      if (!newBlob) return;
      await mkdir(dirname(policy.knownHostsFile), { recursive: true, mode: 0o700 });
      const sep = text === '' || text.endsWith('\n') ? '' : '\n';
      await appendFile(policy.knownHostsFile, `${sep}${knownHostsLine(host, port, newBlob)}\n`, { mode: 0o600 });
      newBlob = undefined;
    },
  };
}

function decide(blob: Buffer, entries: KnownHostEntry[], pinned: string[], acceptNew: boolean): HostKeyVerdict {
  const fp = fingerprint(blob);
  const b64 = blob.toString('base64');
  const keyType = blobKeyType(blob);
  if (entries.some((e) => e.marker === '@revoked' && e.key === b64))
    return { kind: 'revoked', fingerprint: fp, keyType };
  if (pinned.length > 0)
    return pinned.includes(fp) ? { kind: 'pinned', fingerprint: fp } : { kind: 'changed', fingerprint: fp, keyType };
  const trusted = entries.filter((e) => !e.marker);
  if (trusted.some((e) => e.key === b64)) return { kind: 'known', fingerprint: fp };
  if (trusted.length > 0) return { kind: 'changed', fingerprint: fp, keyType };
  return acceptNew ? { kind: 'accepted-new', fingerprint: fp } : { kind: 'unknown', fingerprint: fp, keyType };
}

/** The error for a refused key: what was presented, and what to do. */
export function hostKeyError(
  label: string,
  host: string,
  port: number,
  verdict: Extract<HostKeyVerdict, { keyType: string }>,
  policy: HostKeyPolicy,
): MinilvbError {
  const details = { host: label, fingerprint: verdict.fingerprint, keyType: verdict.keyType, verdict: verdict.kind };
  if (verdict.kind === 'unknown')
    return new MinilvbError(
      'MLVB_HOST_KEY',
      `${label}: unknown host key ${verdict.keyType} ${verdict.fingerprint} (not in ${policy.knownHostsFile}).`,
      {
        hint:
          `Check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then run again with ` +
          `--accept-new to add it, or pin it in deploy.hostKeys.`,
        details,
      },
    );
  const what = verdict.kind === 'revoked' ? 'is marked @revoked' : 'has CHANGED';
  return new MinilvbError(
    'MLVB_HOST_KEY',
    `${label}: the host key ${what}: it presented ${verdict.keyType} ${verdict.fingerprint}, which does not match ` +
      `${policy.pinned?.length ? 'deploy.hostKeys' : policy.knownHostsFile}. ` +
      'Someone may be intercepting the connection.',
    {
      hint:
        `Nothing was sent. If the host was really reinstalled, verify the new key out of band, then remove the old ` +
        `entry with \`ssh-keygen -R '${hostPattern(host, port)}'\` (or update deploy.hostKeys).`,
      details,
    },
  );
}
