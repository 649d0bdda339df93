/**
 * The remote deploy lock: `mkdir` is atomic, so two deploys cannot both take it. It holds who took
 * it, when and for what, so a stale lock names its holder; `deploy unlock` removes it.
 */
import { hostname, userInfo } from 'node:os';
import { MinilvbError } from '../errors.js';
import type { Layout } from './layout.js';
import { shq, type Remote } from './transport/remote.js';

/** What the lock directory records. */
export interface LockInfo {
  by: string;
  pid: number;
  since: string;
  action: string;
}

export function lockInfo(action: string, now: number): LockInfo {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // A uid without a passwd entry (containers): the host name still identifies the machine.
  }
  return { by: `${user}@${hostname()}`, pid: process.pid, since: new Date(now).toISOString(), action };
}

export async function acquireLock(remote: Remote, l: Layout, info: LockInfo): Promise<void> {
  const r = await remote.exec(
    `mkdir -p ${shq(l.root)} || exit 10; mkdir ${shq(l.lock)} 2>/dev/null || exit 11; ` +
      `cat > ${shq(`${l.lock}/info.json`)}`,
    { stdin: JSON.stringify(info) },
  );
  if (r.code === 0) return;
  if (r.code === 11) throw lockedError(remote.label, l, await readLock(remote, l));
  throw new MinilvbError('MLVB_DEPLOY_FAILED', `${remote.label}: cannot create ${l.root}: ${r.stderr.trim()}`, {
    hint: 'Check the permissions of deploy.path on the host (or deploy as a user who may write there).',
    details: { host: remote.label },
  });
}

/** The lock is held: the message names the holder. */
export function lockedError(label: string, l: Layout, holder: LockInfo | undefined): MinilvbError {
  const who = holder
    ? `${holder.by} (pid ${holder.pid}) since ${holder.since} for "${holder.action}"`
    : 'an unknown holder (no info.json)';
  return new MinilvbError('MLVB_DEPLOY_LOCKED', `${label}: another deploy holds the lock: ${who}.`, {
    hint:
      `Wait for it to finish. If that deploy is gone (killed, machine lost), remove the lock with ` +
      '`minilvb deploy unlock`.',
    details: { host: label, lock: l.lock, ...(holder ? { holder } : {}) },
  });
}

export async function readLock(remote: Remote, l: Layout): Promise<LockInfo | undefined> {
  const r = await remote.exec(`cat ${shq(`${l.lock}/info.json`)} 2>/dev/null`);
  if (r.code !== 0) {
    const exists = await remote.exec(`test -d ${shq(l.lock)}`);
    return exists.code === 0 ? { by: 'unknown', pid: 0, since: 'unknown', action: 'unknown' } : undefined;
  }
  try {
    return JSON.parse(r.stdout) as LockInfo;
  } catch {
    return { by: 'unknown', pid: 0, since: 'unknown', action: 'unreadable info.json' };
  }
}

export async function releaseLock(remote: Remote, l: Layout): Promise<void> {
  await remote.exec(`rm -rf ${shq(l.lock)}`);
}
