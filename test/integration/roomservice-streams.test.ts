/**
 * The stream adapter and the IM path of RoomService (docs/roomservice.md#heartbeats-and-cleanup,
 * docs/roomservice.md#im-and-mixing): a lapsed member whose stream is confirmed live stays, the legacy
 * common_access adapter's requests and answers, and a wrong admin key refused by the IM emulator's real check.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { configuredStreams, legacyCommonAccess, type StreamAdapter } from '../../src/roomservice/stream-adapter.js';
import { DEFAULT_LIMITS } from '../../src/roomservice/rs-config.js';
import { md5Hex } from '../../src/sign/index.js';
import { pushUrlFor, rsCall, rsLogin, rsRawConfig, rsImPerFile } from '../helpers/roomservice.js';
import { resolveConfig, startTestServer, type TestServer } from '../helpers/server-client.js';
import { freePort } from '../helpers/ports.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { buildServer, createLogger } from '../../src/server/index.js';

const im = rsImPerFile();
let srv: TestServer;
const live = new Set<string>();
const asked: string[] = [];
const streams: StreamAdapter = {
  name: 'test',
  status: async (_c, id) => {
    asked.push(id);
    return live.has(id) ? 'pushing' : 'not-pushing';
  },
  mix: async () => ({ ok: true, result: { code: 0, message: 'ok', timestamp: 1 } }),
};

beforeAll(async () => {
  srv = await startTestServer({ store: 'embedded', raw: rsRawConfig(im().url), roomService: { streams } });
});
afterAll(async () => {
  await srv?.close();
});

describe('RoomService stream adapter and IM', () => {
  it('keeps a silent member whose stream is live, removes one whose stream is not', async () => {
    const a = (await rsLogin(srv.url, 'st_a', 'v2')).user;
    const b = (await rsLogin(srv.url, 'st_b', 'v2')).user;
    const roomID = 'st_room';
    await rsCall(srv.url, 'multi_room', 'add_anchor', a, { roomID, pushURL: pushUrlFor('8888_st_a') });
    await rsCall(srv.url, 'multi_room', 'add_anchor', b, { roomID, pushURL: pushUrlFor('8888_st_b') });
    live.add('8888_st_a');
    srv.clock.advance(21);
    const r = await srv.running.app.context.roomService.sweepOnce();
    assert.deepEqual([r.refreshed, r.removed], [1, 1]);
    assert.deepEqual(asked.sort(), ['8888_st_a', '8888_st_b']);
    const members = await rsCall(srv.url, 'multi_room', 'get_anchors', a, { roomID });
    assert.deepEqual(
      (members.json.pushers as Array<{ userID: string }>).map((p) => p.userID),
      ['st_a'],
    );
    const merge = await rsCall(srv.url, 'multi_room', 'merge_stream', a, { roomID, mergeParams: { interface: {} } });
    assert.deepEqual([merge.json.code, merge.json.merge_code, (merge.json.result as { code: number }).code], [0, 0, 0]);
  });

  it('answers IM 70009 (code 6) when the server signs admin UserSigs with a key IM does not hold', async () => {
    const a = (await rsLogin(srv.url, 'st_k', 'v2')).user;
    const app = im().state.apps[0]!;
    const good = app.secretKey;
    app.secretKey = 'c'.repeat(64);
    try {
      const r = await rsCall(srv.url, 'live_room', 'create_room', a, {});
      assert.equal(r.json.code, 6);
      assert.equal(r.json.imCode, 70009);
    } finally {
      app.secretKey = good;
    }
    const ok = await rsCall(srv.url, 'live_room', 'create_room', a, {});
    assert.equal(ok.json.code, 0);
    const created = (im().state.groupCalls ?? []).find(
      (c) => c.cmd === 'create_group' && c.body.GroupId === ok.json.roomID,
    );
    assert.deepEqual(created?.body, {
      Owner_Account: 'admin',
      Type: 'AVChatRoom',
      GroupId: ok.json.roomID,
      Name: String(ok.json.roomID).slice(0, 30),
    });
  });
});

describe('a damaged stored RoomService config', () => {
  it('falls back to the server config (logged) instead of failing requests', async () => {
    writeFileSync(join(srv.config.server.dataDir, 'roomservice.json'), '{"sdkAppId": 14', { mode: 0o600 });
    srv.clock.advance(2);
    const r = await rsLogin(srv.url, 'st_damaged', 'v2');
    assert.equal(r.answer.json.code, 0, r.answer.text);
    assert.match(srv.logText(), /stored RoomService config is invalid/);
  });
});

describe('legacy common_access adapter', () => {
  let fake: Server;
  let url: string;
  const seen: URL[] = [];
  beforeAll(async () => {
    fake = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      seen.push(u);
      res.setHeader('Content-Type', 'application/json');
      if (u.searchParams.get('interface') === 'Live_Channel_GetStatus') {
        const id = u.searchParams.get('Param.s.channel_id');
        res.end(JSON.stringify(id === 'down' ? { ret: 1000 } : { ret: 0, output: [{ status: id === 'on' ? 1 : 0 }] }));
      } else res.end(JSON.stringify({ code: 0, message: 'Success', timestamp: 1700000000 }));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/common_access`;
  });
  afterAll(() => new Promise<void>((r) => fake.close(() => r())));

  it('signs md5(apiKey + t), reads status 1 as live, and passes the mix result through', async () => {
    const a = legacyCommonAccess(url, () => 1_700_000_000);
    const c = { administrator: 'admin', appId: 1252463788, apiKey: 'K'.repeat(32), limits: { ...DEFAULT_LIMITS } };
    assert.equal(await a.status(c, 'on'), 'pushing');
    assert.equal(await a.status(c, 'off'), 'not-pushing');
    assert.equal(await a.status(c, 'down'), 'unknown');
    const q = seen[0]!.searchParams;
    assert.equal(q.get('t'), '1700000300');
    assert.equal(q.get('sign'), md5Hex(`${'K'.repeat(32)}1700000300`));
    assert.equal(q.get('appid'), '1252463788');
    assert.deepEqual(await a.mix(c, { interface: {} }), {
      ok: true,
      result: { code: 0, message: 'Success', timestamp: 1700000000 },
    });
    const unreachable = legacyCommonAccess('http://127.0.0.1:9/common_access', () => 0, 500);
    const out = await unreachable.mix(c, {});
    assert.equal(out.ok, false);
    assert.match(out.ok ? '' : out.message, /legacy common_access endpoint is unavailable/);
    assert.equal(await legacyCommonAccess(url, () => 0).status({ ...c, apiKey: undefined }, 'on'), 'unknown');
    // The adapter in force follows the pushed config's streamApi.
    const configured = configuredStreams(() => 1_700_000_000, url);
    assert.equal(await configured.status({ ...c, streamApi: 'legacy' }, 'on'), 'pushing');
    assert.equal(await configured.status(c, 'on'), 'unknown');
    assert.equal((await configured.mix(c, {})).ok, false);
  });
});

describe('RoomService while the database is down', () => {
  it('answers 503 code -1 (retry) instead of hanging or crashing', async () => {
    const port = await freePort();
    const raw = rsRawConfig(im().url, {
      db: { host: '127.0.0.1', port, name: 'nowhere', user: 'nobody', password: TEST_SECRETS.dbPassword },
    });
    const config = await resolveConfig(raw);
    const logger = createLogger({ level: 'error', stream: { write: () => true } });
    const { running } = await buildServer(config, { logger, host: '127.0.0.1', port: 0 });
    try {
      const r = await rsLogin(running.url, 'down_a', 'v2');
      assert.equal(r.answer.status, 503);
      assert.equal(r.answer.json.code, -1);
      assert.match(String(r.answer.json.message), /retry/);
    } finally {
      await running.close();
    }
  });
});
