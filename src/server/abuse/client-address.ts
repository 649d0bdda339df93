/**
 * The client address a request is counted against. Behind the generated nginx site every request
 * comes from loopback, and nginx appends the real peer to X-Forwarded-For; only that last entry
 * is trusted (earlier ones are whatever the client sent). Direct clients are their socket peer.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export function clientAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!LOOPBACK.test(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list[list.length - 1] ?? peer;
}
