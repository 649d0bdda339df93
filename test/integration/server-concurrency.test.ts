/**
 * 50 clients doing mixed register / login / upload_room / recording callback / get_vod_list for
 * a bounded time; afterwards every acknowledged write is in the store. Runs against both stores.
 */
import assert from 'node:assert/strict';
import { afterAll, describe, it } from 'vitest';
import { clientPasswordHash } from '../../src/sign/index.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import {
  post,
  recordingEvent,
  registerAndLogin,
  releaseMariaDB,
  signed,
  startTestServer,
  STORE_KINDS,
} from '../helpers/server-client.js';

afterAll(releaseMariaDB);

const CLIENTS = 50;
const DURATION_MS = 1000;

/** What the server acknowledged. */
interface Ledger {
  users: Set<string>;
  rooms: Map<string, string>;
  recordings: Array<[string, string]>;
  tokens: Map<string, string>;
  listed: number;
  failures: string[];
}

async function client(
  url: string,
  i: number,
  u: { token: string; password: string },
  deadline: number,
  ledger: Ledger,
): Promise<void> {
  const userid = `cc${i}user`;
  let token = u.token;
  let n = 0;
  const base = Math.floor(Date.now() / 1000) - 86400;
  // Every operation at least once (five in turn), however slow the machine, then more until the deadline.
  while (n < 5 || Date.now() < deadline) {
    n++;
    const op = (i + n) % 5;
    if (op === 0) {
      const extra = `cx${i}n${n}`;
      const r = await post(url, '/register', { userid: extra, password: clientPasswordHash('p', extra) });
      if (r.json.code === 200) ledger.users.add(extra);
      else ledger.failures.push(`register ${extra}: ${r.text}`);
    } else if (op === 1) {
      const r = await post(url, '/login', { userid, password: u.password });
      if (r.json.code === 200) {
        token = (r.json.data as { token: string }).token;
        ledger.tokens.set(userid, token);
      } else ledger.failures.push(`login ${userid}: ${r.text}`);
    } else if (op === 2) {
      const title = `title ${i}/${n} '"\\`;
      const r = await signed(url, '/upload_room', userid, token, { title });
      if (r.json.code === 200) ledger.rooms.set(userid, title);
      else ledger.failures.push(`upload_room ${userid}: ${r.text}`);
    } else if (op === 3) {
      if (!ledger.rooms.has(userid)) continue;
      const fileId = `c${i}_${n}`;
      const start = base + n * 1000;
      const r = await post(
        url,
        '/callback/tape_callback.php',
        recordingEvent(TEST_SECRETS.apiKey, userid, fileId, start, start + 300, 'mp4'),
      );
      if (r.json.code === 0) ledger.recordings.push([userid, fileId]);
      else ledger.failures.push(`callback ${fileId}: ${r.status} ${r.text}`);
    } else {
      const r = await signed(url, '/get_vod_list', userid, token, { index: 1, count: 20 });
      if (r.json.code === 200) ledger.listed++;
      else ledger.failures.push(`get_vod_list ${userid}: ${r.text}`);
    }
  }
}

for (const kind of STORE_KINDS) {
  describe(`concurrency (${kind} store)`, () => {
    it(`${CLIENTS} clients for ${DURATION_MS} ms: every acknowledged write is stored`, async () => {
      // Two hashes at a time (one per core): this test is about durable writes, not the KDF queue's fairness.
      const s = await startTestServer({ store: kind, logLevel: 'warn', options: { kdfConcurrency: 2 } });
      try {
        const ledger: Ledger = {
          users: new Set(),
          rooms: new Map(),
          recordings: [],
          tokens: new Map(),
          listed: 0,
          failures: [],
        };
        // Setup (50 registrations and logins, i.e. 100 scrypt hashes) before the clock starts.
        const users = await Promise.all(
          Array.from({ length: CLIENTS }, async (_v, i) => {
            const u = await registerAndLogin(s.url, `cc${i}user`, `pw${i}`);
            ledger.users.add(`cc${i}user`);
            ledger.tokens.set(`cc${i}user`, u.token);
            return u;
          }),
        );
        const deadline = Date.now() + DURATION_MS;
        await Promise.all(users.map((u, i) => client(s.url, i, u, deadline, ledger)));
        assert.deepEqual(ledger.failures, []);
        assert.ok(ledger.recordings.length > 0 && ledger.rooms.size > 0 && ledger.listed > 0, 'every operation ran');
        for (const userid of ledger.users) assert.ok(await s.store.getAccount(userid), `account ${userid}`);
        for (const [userid, title] of ledger.rooms) assert.equal((await s.store.getRoom(userid))?.title, title);
        for (const [userid, fileId] of ledger.recordings)
          assert.ok(await s.store.getVod(userid, fileId), `recording ${fileId}`);
        for (const [userid, token] of ledger.tokens) assert.equal((await s.store.getSession(userid))?.token, token);
        assert.equal(
          (await signed(s.url, '/get_user_info', 'cc0user', ledger.tokens.get('cc0user') as string)).json.code,
          200,
        );
      } finally {
        await s.close();
      }
    });
  });
}
