/**
 * Two RoomService instances on one MariaDB (docs/roomservice.md#the-bundled-roomservice): a token from one
 * works on the other, rooms are shared, maxMembers holds under concurrent joins through both, and exactly
 * one instance owns each sweep period (the lease row).
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { getMariaDB } from '../helpers/mariadb.js';
import {
  pushUrlFor,
  RS_SDKAPPID,
  rsCall,
  rsLogin,
  rsRawConfig,
  type RsUser,
  rsImPerFile,
} from '../helpers/roomservice.js';
import { mysqlConfig, offsetClock, post, startTestServer, type TestServer } from '../helpers/server-client.js';
import { signAdminRequest } from '../../src/roomservice/push-wire.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

const im = rsImPerFile();
const servers: TestServer[] = [];
const clock = offsetClock();
let A: string;
let B: string;

beforeAll(async () => {
  // Both instances on one database: the raw config names it, so each test server opens it as given.
  const raw = await mysqlConfig(await getMariaDB(), rsRawConfig(im().url));
  for (let i = 0; i < 2; i++) servers.push(await startTestServer({ raw, clock }));
  [A, B] = servers.map((s) => s.url) as [string, string];
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function login(url: string, id: string): Promise<RsUser> {
  const { answer, user } = await rsLogin(url, id, 'v2');
  assert.equal(answer.json.code, 0, answer.text);
  return user;
}

describe('two RoomService instances on one MariaDB', () => {
  it('share tokens and rooms', async () => {
    const a = await login(A, 'so_a');
    const roomID = 'so_room_1';
    assert.equal(
      (await rsCall(B, 'live_room', 'add_pusher', a, { roomID, pushURL: pushUrlFor('8888_so_a') })).json.code,
      0,
    );
    const list = await rsCall(A, 'live_room', 'get_room_list', a, { index: 0, cnt: 10 });
    assert.deepEqual(
      (list.json.rooms as Array<{ roomID: string }>).map((r) => r.roomID),
      [roomID],
    );
    assert.equal((await rsCall(A, 'live_room', 'logout', a)).json.code, 0);
    assert.equal((await rsCall(A, 'live_room', 'get_room_list', a)).json.code, 7);
    // Another instance may reuse a token it read for up to 1 s (docs/roomservice.md#tokens).
    clock.advance(1.1);
    assert.equal((await rsCall(B, 'live_room', 'get_room_list', a)).json.code, 7);
  });

  it('holds maxMembers under concurrent joins through both instances', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => login(i % 2 ? A : B, `so_m${i}`)));
    const roomID = 'so_multi';
    const first = users[0] as RsUser;
    assert.equal((await rsCall(A, 'multi_room', 'create_room', first, { roomID })).json.code, 0);
    const codes = await Promise.all(
      users.map((u, i) =>
        rsCall(i % 2 ? A : B, 'multi_room', 'add_anchor', u, { roomID, pushURL: pushUrlFor(`s${i}`) }),
      ),
    );
    const joined = codes.filter((c) => c.json.code === 0).length;
    assert.equal(joined, 4, codes.map((c) => c.text).join('\n'));
    assert.equal(codes.filter((c) => c.json.code === 5001).length, 4);
    const members = await rsCall(B, 'multi_room', 'get_anchors', first, { roomID });
    assert.equal((members.json.pushers as unknown[]).length, 4);
  });

  it('refuses a config push replayed through the other instance', async () => {
    const config = Buffer.from(JSON.stringify({ sdkAppId: RS_SDKAPPID, secretKey: TEST_SECRETS.imSecretKey })).toString(
      'base64',
    );
    const signed = signAdminRequest(TEST_SECRETS.adminToken, 'set_config_info', config, Math.floor(clock.now() / 1000));
    const body = { config, version: 1, node: '1', ...signed };
    assert.equal((await post(A, '/weapp/v1/api/set_config_info', body)).json.code, 0);
    const replay = await post(B, '/weapp/v1/api/set_config_info', body);
    assert.equal(replay.status, 401);
    assert.match(String(replay.json.message), /nonce already used/);
  });

  it('gives each sweep period to exactly one instance', async () => {
    const [rsA, rsB] = servers.map((s) => s.running.app.context.roomService) as [
      TestServer['running']['app']['context']['roomService'],
      TestServer['running']['app']['context']['roomService'],
    ];
    clock.advance(60);
    const both = await Promise.all([rsA.sweepOnce(), rsB.sweepOnce()]);
    assert.deepEqual(both.map((r) => r.owner).sort(), [false, true]);
    const winner = both[0]?.owner ? rsA : rsB;
    const loser = winner === rsA ? rsB : rsA;
    // Within the period the winner renews, the other waits; after it, the other may take it.
    assert.equal((await loser.sweepOnce()).owner, false);
    clock.advance(5);
    assert.equal((await loser.sweepOnce()).owner, true);
    assert.equal((await winner.sweepOnce()).owner, false);
    // The silent members of the earlier tests (60 s) were removed by whoever owned the sweep.
    const probe = await login(A, 'so_probe');
    const list = await rsCall(B, 'multi_room', 'get_room_list', probe, { index: 0, cnt: 10 });
    assert.deepEqual(list.json.rooms, []);
  });
});
