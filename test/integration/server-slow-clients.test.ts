/**
 * Issue 9.7: slow clients must neither hold connections for minutes nor lock out normal
 * requests. A real `minilvb serve` runs under a low open-files limit (ulimit -n, as systemd's
 * LimitNOFILE) with a lowered connection cap and short timeouts; more slow-body connections than
 * the limit allows are opened, each still trickling bytes. Normal requests keep succeeding, and
 * every slow connection is closed by the server (cap or request timeout) while its client is
 * still sending.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'vitest';
import { clientPasswordHash } from '../../src/sign/index.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { freePort } from '../helpers/ports.js';
import { spawnServe } from '../helpers/serve-process.js';
import { post, send } from '../helpers/server-client.js';

const OPEN_FILES = 200;
const CAP = 100;
const SLOW = 300;
const REQUEST_TIMEOUT_MS = 2000;

interface Slow {
  socket: Socket;
  closed: boolean;
}

function openSlow(port: number): Promise<Slow> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const slow: Slow = { socket, closed: false };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      slow.closed = true;
    });
    socket.once('connect', () => {
      socket.write(
        'POST /register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      );
      resolve(slow);
    });
    socket.once('close', () => resolve(slow));
  });
}

describe('slow clients under a low open-files limit (real serve)', () => {
  it('normal requests keep succeeding; every slow-body connection is closed while still sending', async () => {
    const cwd = projectDir(
      currentConfig({ server: { maxConnections: CAP, headersTimeout: 1000, requestTimeout: REQUEST_TIMEOUT_MS } }),
    );
    const port = await freePort();
    const s = await spawnServe({ cwd, port, openFiles: OPEN_FILES });
    const slow: Slow[] = [];
    // Each slow client keeps its request alive by sending one more byte of the body every 250 ms.
    const trickle = setInterval(() => {
      for (const c of slow) if (!c.closed) c.socket.write(' ');
    }, 250);
    try {
      for (let i = 0; i < SLOW; i += 50)
        slow.push(...(await Promise.all(Array.from({ length: 50 }, () => openSlow(port)))));
      assert.ok(SLOW > OPEN_FILES, 'more slow connections than the process may open files');

      // While the slow clients hold their connections, normal clients are served.
      for (let i = 0; i < 10; i += 1) {
        assert.equal((await send(s.url, '/healthz', { method: 'GET' })).status, 200);
        const reg = await post(s.url, '/register', {
          userid: `normal${i}x`,
          password: clientPasswordHash('pw', `normal${i}x`),
        });
        assert.equal(reg.json.code, 200, reg.text);
      }

      // Bounded wait: far shorter than the default 300 s request timeout of Node.
      const deadline = Date.now() + REQUEST_TIMEOUT_MS * 4;
      while (slow.some((c) => !c.closed) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(slow.filter((c) => !c.closed).length, 0, 'every slow-body connection was closed by the server');
      assert.equal((await send(s.url, '/healthz', { method: 'GET' })).status, 200);
    } finally {
      clearInterval(trickle);
      for (const c of slow) c.socket.destroy();
      assert.equal(await s.stop(), 0);
    }
    assert.match(s.stderr(), /"maxConnections":100/);
    assert.doesNotMatch(s.stderr(), /EMFILE/);
  });
});
