/** The server host resolves and accepts TCP connections (SRV-REACH, APP-SERVER-ADDR). */
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import { defineCheck, fail, pass, skip } from '../check.js';
import { classify, ProbeError } from '../probe/http.js';
import { netFailure } from '../probe/net-finding.js';
import { targetOf } from '../probe/server-probes.js';

export default defineCheck({
  id: 'server.reachable',
  group: 'server',
  title: 'Server reachable (DNS, TCP)',
  async run(ctx) {
    const target = targetOf(ctx);
    if (!target)
      return skip(
        ctx.serverUrl
          ? 'the server URL is not a URL (see server.url)'
          : 'no server URL: set server.publicUrl or pass --server <url>',
      );
    let address: string;
    try {
      address = (await lookup(target.host)).address;
    } catch (err) {
      return netFailure(classify(err), target, target.host);
    }
    const t0 = ctx.clock.now();
    try {
      await tcpConnect(address, target.port, ctx.signal);
    } catch (err) {
      const e = classify(err);
      return e.kind === 'aborted' ? fail({ summary: 'cancelled' }) : netFailure(e, target, `${address}:${target.port}`);
    }
    return pass(`${target.host}:${target.port} accepts connections${address !== target.host ? ` (${address})` : ''}`, {
      evidence: { host: target.host, address, port: target.port, connectMs: ctx.clock.now() - t0 },
    });
  },
});

function tcpConnect(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, signal });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProbeError('timeout', 'ETIMEDOUT', `connect to ${host}:${port} timed out`));
    }, 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
