import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A free port for a server a test starts, from below the kernel's ephemeral range: a port the kernel handed out
 * (listen on 0) and that was closed again can be taken, before the server binds it, as the local port of
 * one of the many outgoing connections the parallel tests make (seen: MariaDB failing with EADDRINUSE).
 */
export async function freePort(address = '127.0.0.1'): Promise<number> {
  const ephemeralLow = ephemeralRangeStart();
  const low = Math.min(20_000, ephemeralLow - 2_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (ephemeralLow - low));
    if (await canListen(port, address)) return port;
  }
  throw new Error(`no free port on ${address} between ${low} and ${ephemeralLow} after 100 tries`);
}

/** The first port the kernel hands out to outgoing connections (Linux's default where it cannot be read). */
function ephemeralRangeStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 4_000) return low;
  } catch {
    // not Linux
  }
  return 32_768;
}

function canListen(port: number, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, address, () => srv.close(() => resolve(true)));
  });
}
