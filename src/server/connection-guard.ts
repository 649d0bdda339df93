/**
 * Keeps slow or idle clients from using up the server's connections (and its open files): past
 * `cap` open connections, a new one makes room by closing the oldest connection that is not being
 * answered (still sending its request, or idle between keep-alive requests); only when every
 * connection is being answered is the new one refused. So a few hundred slow-body clients cost
 * the others nothing, and the process never reaches its open-files limit (EMFILE would also fail
 * database connections and the log file).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Descriptors kept free for the database pool, the log file and the runtime. */
const RESERVED_FILES = 64;

/** Counts kept by the guard (for the rate-limited log line and tests). */
export interface GuardStats {
  open: number;
  /** Connections closed to make room, or refused, since the last report. */
  shed: number;
}

/** Installs the guard; returns a function that reads and resets the stats. */
export function guardConnections(server: Server, cap: number): () => GuardStats {
  const open = new Set<Socket>();
  const answering = new WeakSet<Socket>();
  let shed = 0;
  server.on('connection', (socket: Socket) => {
    if (open.size >= cap) {
      shed += 1;
      const victim = oldestIdle(open, answering);
      if (!victim) return void socket.destroy();
      open.delete(victim);
      victim.destroy();
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    // A request is protected once it has arrived whole: headers only, or its body read to the end.
    if (!hasBody(req)) answering.add(socket);
    else req.once('end', () => answering.add(socket));
    res.once('close', () => answering.delete(socket));
  });
  return () => {
    const out = { open: open.size, shed };
    shed = 0;
    return out;
  };
}

function oldestIdle(open: Set<Socket>, answering: WeakSet<Socket>): Socket | undefined {
  for (const s of open) if (!answering.has(s)) return s;
  return undefined;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The soft limit on open files of this process (Linux /proc), or undefined elsewhere. */
export function openFilesLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m?.[1] && m[1] !== 'unlimited' ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The configured cap, lowered to leave RESERVED_FILES descriptors under the open-files limit. */
export function effectiveConnectionCap(configured: number, filesLimit = openFilesLimit()): number {
  const wanted = Math.max(1, configured);
  return filesLimit === undefined ? wanted : Math.max(1, Math.min(wanted, filesLimit - RESERVED_FILES));
}
