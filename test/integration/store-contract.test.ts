/**
 * The Store contract: the same assertions against the embedded store and the MySQL store (real
 * MariaDB). Each test gets a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { openEmbeddedStore } from '../../src/db/embedded/embedded-store.js';
import { openMysqlStore } from '../../src/db/mysql/mysql-store.js';
import { StoreQueryError, type Store, type Vod } from '../../src/db/store.js';
import { createTestDatabase, getMariaDB } from '../helpers/mariadb.js';

/** Opens a fresh empty store; `reopen` closes it and opens the same data again. */
interface Factory {
  name: string;
  open(): Promise<{ store: Store; reopen(): Promise<Store> }>;
}

const embedded: Factory = {
  name: 'embedded',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'minilvb-store-'));
    const store = await openEmbeddedStore(dir);
    return {
      store,
      reopen: async () => {
        await store.close();
        return openEmbeddedStore(dir);
      },
    };
  },
};

const mysql: Factory = {
  name: 'mysql',
  async open() {
    const server = await getMariaDB();
    const name = await createTestDatabase(server, 'contract');
    const db = { host: server.host, port: server.port, user: server.user, password: server.password, name };
    const store = await openMysqlStore(db);
    return {
      store,
      reopen: async () => {
        await store.close();
        return openMysqlStore(db);
      },
    };
  },
};

const EVIL = ["'; DROP TABLE tb_vod; --", '\\', 'a\\\'b"c`d', '🎥 直播 😀', '%_*?', 'x\ny\tz'];
const S = 1000;
const at = (iso: string): Date => new Date(iso);

function contract(f: Factory): void {
  describe(`Store contract: ${f.name}`, () => {
    const open: Store[] = [];
    afterAll(async () => {
      for (const s of open) await s.close().catch(() => undefined);
    });
    async function fresh(): Promise<{ store: Store; reopen(): Promise<Store> }> {
      const o = await f.open();
      open.push(o.store);
      return {
        store: o.store,
        reopen: async () => {
          const s = await o.reopen();
          open.push(s);
          return s;
        },
      };
    }

    it('reports its kind and answers ping', async () => {
      const { store } = await fresh();
      assert.equal(store.kind, f.name);
      await store.ping();
    });

    it('creates accounts once, case-insensitively like utf8mb4_general_ci, with the column defaults', async () => {
      const { store } = await fresh();
      const before = Date.now();
      assert.equal(await store.createAccount('alice01', 'hash1'), 'created');
      assert.equal(await store.createAccount('alice01', 'other'), 'exists');
      assert.equal(await store.createAccount('ALICE01', 'other'), 'exists');
      const a = await store.getAccount('alice01');
      assert.ok(a);
      assert.deepEqual(
        { ...a, createTime: undefined },
        {
          userid: 'alice01',
          password: 'hash1',
          nickname: null,
          sex: -1,
          avatar: null,
          frontcover: null,
          createTime: undefined,
        },
      );
      assert.ok(Math.abs(a.createTime.getTime() - before) < 10 * S, 'createTime is now');
      assert.equal(await store.getAccount('nobody'), undefined);
    });

    it('updates only the fields given; no change and an empty patch still count as found', async () => {
      const { store } = await fresh();
      await store.createAccount('bob_01', 'h');
      assert.equal(await store.updateAccount('bob_01', { nickname: 'Bob', sex: 1 }), true);
      assert.equal(await store.updateAccount('bob_01', { nickname: 'Bob', sex: 1 }), true, 'same values again');
      assert.equal(await store.updateAccount('bob_01', {}), true);
      assert.equal(await store.updateAccount('bob_01', { avatar: 'http://a/b.png' }), true);
      const b = await store.getAccount('bob_01');
      assert.deepEqual(
        [b?.nickname, b?.sex, b?.avatar, b?.frontcover, b?.password],
        ['Bob', 1, 'http://a/b.png', null, 'h'],
      );
      assert.equal(await store.updateAccount('ghost', { nickname: 'x' }), false);
      assert.equal(await store.updateAccount('ghost', {}), false);
      assert.equal(await store.setPassword('bob_01', '$scrypt$N=16384,r=8,p=1$c2FsdA$aGFzaA'), true);
      assert.equal((await store.getAccount('bob_01'))?.password, '$scrypt$N=16384,r=8,p=1$c2FsdA$aGFzaA');
      assert.equal(await store.setPassword('ghost', 'x'), false);
    });

    it('keeps one session per user, with compare-and-swap on the refresh hash', async () => {
      const { store } = await fresh();
      assert.equal(await store.getSession('carol1'), undefined);
      const s1 = {
        userid: 'carol1',
        token: 'a'.repeat(32),
        tokenExpires: at('2030-01-01T00:00:00Z'),
        refreshSha256: '1'.repeat(64),
        refreshExpires: at('2030-02-01T00:00:00Z'),
      };
      assert.equal(await store.putSession(s1), true);
      assert.deepEqual(await store.getSession('carol1'), s1);
      const s2 = { ...s1, token: 'b'.repeat(32), refreshSha256: '2'.repeat(64) };
      assert.equal(await store.putSession(s2, '9'.repeat(64)), false, 'wrong expected hash');
      assert.deepEqual(await store.getSession('carol1'), s1);
      const s3 = { ...s1, token: 'c'.repeat(32), refreshSha256: '3'.repeat(64) };
      const [x, y] = await Promise.all([
        store.putSession(s2, s1.refreshSha256),
        store.putSession(s3, s1.refreshSha256),
      ]);
      assert.equal(Number(x) + Number(y), 1, 'exactly one concurrent refresh wins');
      assert.equal((await store.getSession('carol1'))?.token, x ? s2.token : s3.token);
      assert.equal(await store.putSession({ ...s1, userid: 'nosess' }, s1.refreshSha256), false, 'CAS never inserts');
    });

    it('upserts rooms', async () => {
      const { store } = await fresh();
      const r = {
        userid: 'dave01',
        title: 'first',
        frontcover: null,
        location: 'Shenzhen',
        createTime: at('2024-05-01T12:00:00Z'),
      };
      await store.upsertRoom(r);
      assert.deepEqual(await store.getRoom('dave01'), r);
      const r2 = {
        ...r,
        title: 'second',
        frontcover: 'http://c/f.jpg',
        location: null,
        createTime: at('2024-05-02T12:00:00Z'),
      };
      await store.upsertRoom(r2);
      assert.deepEqual(await store.getRoom('dave01'), r2);
      assert.equal(await store.getRoom('nobody'), undefined);
    });

    it('lists playable recordings newest first, joined with the account, filtered by since, paginated', async () => {
      const { store } = await fresh();
      await store.createAccount('erin01', 'h');
      await store.updateAccount('erin01', { nickname: 'Erin', avatar: 'http://a/e.png' });
      const base = { startTime: at('2024-04-30T00:00:00Z'), title: 't', frontcover: null, location: null };
      await store.insertVod({
        ...base,
        userid: 'erin01',
        fileId: 'f1',
        createTime: at('2024-05-01T01:00:00Z'),
        playUrl: 'http://v/1.mp4',
      });
      await store.insertVod({
        ...base,
        userid: 'erin01',
        fileId: 'f2',
        createTime: at('2024-05-03T01:00:00Z'),
        hlsPlayUrl: 'http://v/2.m3u8',
      });
      await store.insertVod({
        ...base,
        userid: 'zed_01',
        fileId: 'f3',
        createTime: at('2024-05-02T01:00:00Z'),
        playUrl: 'http://v/3.mp4',
      });
      await store.insertVod({
        ...base,
        userid: 'erin01',
        fileId: 'f4',
        createTime: at('2024-05-04T01:00:00Z'),
        playUrl: '',
        hlsPlayUrl: '',
      });
      await store.insertVod({ ...base, userid: 'erin01', fileId: 'f5', createTime: at('2024-05-05T01:00:00Z') });
      await store.insertVod({
        ...base,
        userid: 'erin01',
        fileId: 'f6',
        createTime: at('2024-04-01T01:00:00Z'),
        playUrl: 'http://v/6.mp4',
      });
      await store.insertVod({
        ...base,
        userid: 'abe_01',
        fileId: 'f7',
        createTime: at('2024-05-02T01:00:00Z'),
        playUrl: 'http://v/7.mp4',
      });
      const since = at('2024-04-25T00:00:00Z');
      const all = await store.listVods({ since, offset: 0, limit: 100 });
      assert.deepEqual(
        all.map((v) => v.fileId),
        ['f2', 'f7', 'f3', 'f1'],
        'newest first, ties by userid; empty URLs and old rows left out',
      );
      assert.equal(await store.countVods(since), 4);
      assert.equal(await store.countVods(at('2024-01-01T00:00:00Z')), 5);
      const f2 = all[0];
      assert.deepEqual(
        [f2?.nickname, f2?.avatar, f2?.hlsPlayUrl, f2?.playUrl, f2?.likeCount, f2?.viewerCount],
        ['Erin', 'http://a/e.png', 'http://v/2.m3u8', null, 0, 0],
      );
      assert.deepEqual([all[1]?.nickname, all[1]?.avatar], [null, null], 'no account row: nulls');
      assert.deepEqual(
        (await store.listVods({ since, offset: 1, limit: 2 })).map((v) => v.fileId),
        ['f7', 'f3'],
      );
      assert.deepEqual(
        (await store.listVods({ since, offset: 4, limit: 2 })).map((v) => v.fileId),
        [],
      );
      assert.deepEqual(
        (await store.listVods({ since: at('2024-05-03T01:00:00Z'), offset: 0, limit: 10 })).map((v) => v.fileId),
        ['f2'],
        'since is inclusive',
      );
      await assert.rejects(store.listVods({ since, offset: -1, limit: 10 }), StoreQueryError);
      await assert.rejects(store.listVods({ since, offset: 0, limit: 1.5 }), StoreQueryError);
    });

    it('inserts recordings once and sets URLs without touching create_time', async () => {
      const { store } = await fresh();
      const v = {
        userid: 'fay_01',
        fileId: 'vid1',
        startTime: at('2024-05-01T10:00:00Z'),
        createTime: at('2024-05-01T11:00:00Z'),
        playUrl: 'http://v/a.mp4',
        title: 'T',
        frontcover: 'fc',
        location: 'loc',
      };
      assert.equal(await store.insertVod(v), 'created');
      assert.equal(await store.insertVod({ ...v, playUrl: 'http://other' }), 'exists');
      const expected: Vod = {
        userid: 'fay_01',
        fileId: 'vid1',
        title: 'T',
        frontcover: 'fc',
        location: 'loc',
        playUrl: 'http://v/a.mp4',
        hlsPlayUrl: null,
        likeCount: 0,
        viewerCount: 0,
        createTime: v.createTime,
        startTime: v.startTime,
      };
      assert.deepEqual(await store.getVod('fay_01', 'vid1'), expected);
      assert.equal(await store.setVodUrl('fay_01', 'vid1', 'hls_play_url', 'http://v/a.m3u8'), true);
      assert.equal(await store.setVodUrl('fay_01', 'vid1', 'play_url', 'http://v/b.mp4'), true);
      assert.equal(
        await store.setVodUrl('fay_01', 'vid1', 'play_url', 'http://v/b.mp4'),
        true,
        'same value again is still found',
      );
      assert.equal(await store.setVodUrl('fay_01', 'nope', 'play_url', 'x'), false);
      assert.deepEqual(await store.getVod('fay_01', 'vid1'), {
        ...expected,
        playUrl: 'http://v/b.mp4',
        hlsPlayUrl: 'http://v/a.m3u8',
      });
      assert.equal(await store.getVod('fay_01', 'nope'), undefined);
    });

    it('adjusts recording counts, never below 0, without touching create_time', async () => {
      const { store } = await fresh();
      const createTime = at('2024-05-01T11:00:00Z');
      await store.insertVod({
        userid: 'gus_01',
        fileId: 'v',
        startTime: at('2024-05-01T10:00:00Z'),
        createTime,
        playUrl: 'u',
      });
      assert.equal(await store.adjustVodCounts('gus_01', 'v', { likes: 3, viewers: 2 }), true);
      assert.equal(await store.adjustVodCounts('gus_01', 'v', { likes: -1, viewers: -5 }), true);
      const v = await store.getVod('gus_01', 'v');
      assert.deepEqual([v?.likeCount, v?.viewerCount, v?.createTime.getTime()], [2, 0, createTime.getTime()]);
      assert.equal(await store.adjustVodCounts('gus_01', 'none', { likes: 1 }), false);
    });

    it('finds merge candidates whose interval touches the given one', async () => {
      const { store } = await fresh();
      const h = (n: number): Date => new Date(Date.UTC(2024, 4, 1, n));
      await store.insertVod({ userid: 'hal_01', fileId: 'a', startTime: h(10), createTime: h(12), playUrl: 'u' });
      await store.insertVod({ userid: 'hal_01', fileId: 'b', startTime: h(14), createTime: h(16) });
      await store.insertVod({ userid: 'ivy_01', fileId: 'c', startTime: h(10), createTime: h(16), playUrl: 'u' });
      const ids = async (from: number, to: number): Promise<string[]> =>
        (await store.vodsOfUser('hal_01', h(from), h(to))).map((v) => v.fileId);
      assert.deepEqual(await ids(11, 15), ['a', 'b']);
      assert.deepEqual(await ids(13, 13), []);
      assert.deepEqual(await ids(12, 14), ['a', 'b'], 'touching ends count');
      assert.deepEqual(await ids(17, 18), []);
      assert.equal((await store.vodsOfUser('hal_01', h(11), h(11)))[0]?.startTime?.getTime(), h(10).getTime());
    });

    it('upserts and lists UGC with the account join', async () => {
      const { store } = await fresh();
      await store.createAccount('jan_01', 'h');
      await store.updateAccount('jan_01', { nickname: 'Jan' });
      const u = {
        userid: 'jan_01',
        fileId: 'u1',
        title: 'one',
        frontcover: null,
        location: null,
        playUrl: 'http://u/1.mp4',
        createTime: at('2024-05-01T00:00:00Z'),
      };
      await store.upsertUgc(u);
      await store.upsertUgc({ ...u, fileId: 'u2', createTime: at('2024-05-02T00:00:00Z') });
      await store.upsertUgc({ ...u, fileId: 'u3', createTime: at('2024-03-01T00:00:00Z') });
      await store.upsertUgc({ ...u, title: 'one again' });
      const list = await store.listUgc({ since: at('2024-04-01T00:00:00Z'), offset: 0, limit: 10 });
      assert.deepEqual(
        list.map((x) => [x.fileId, x.title, x.nickname, x.avatar]),
        [
          ['u2', 'one', 'Jan', null],
          ['u1', 'one again', 'Jan', null],
        ],
      );
      assert.deepEqual(
        (await store.listUgc({ since: at('2024-04-01T00:00:00Z'), offset: 1, limit: 1 })).map((x) => x.fileId),
        ['u1'],
      );
    });

    it('keeps the legacy live list: upsert resets counts, status, counts never negative, online filter', async () => {
      const { store } = await fresh();
      const entry = (userid: string, hour: number) => ({
        userid,
        groupid: `g_${userid}`,
        title: `live ${userid}`,
        online: false,
        pushTime: new Date(Date.UTC(2024, 4, 1, hour)),
        nickname: 'n',
        headpic: 'h',
        frontcover: 'f',
        location: 'l',
      });
      await store.upsertLive(entry('kim_01', 1));
      await store.upsertLive(entry('lee_01', 2));
      await store.upsertLive(entry('max_01', 3));
      assert.equal(await store.adjustLiveCounts('kim_01', { viewers: 2, likes: 5 }), true);
      assert.equal(await store.adjustLiveCounts('kim_01', { viewers: -3, likes: -1 }), true);
      assert.deepEqual(
        [(await store.getLive('kim_01'))?.viewerCount, (await store.getLive('kim_01'))?.likeCount],
        [0, 4],
      );
      assert.equal(await store.setLiveStatus('kim_01', true), true);
      assert.equal(await store.setLiveStatus('max_01', true), true);
      assert.equal(await store.setLiveStatus('nobody', true), false);
      assert.equal(await store.adjustLiveCounts('nobody', { likes: 1 }), false);
      const online = await store.listLive({ onlineOnly: true, offset: 0, limit: 10 });
      assert.deepEqual([online.total, online.items.map((l) => l.userid)], [2, ['max_01', 'kim_01']]);
      const all = await store.listLive({ onlineOnly: false, offset: 1, limit: 1 });
      assert.deepEqual([all.total, all.items.map((l) => l.userid)], [3, ['lee_01']]);
      assert.deepEqual(await store.getLive('kim_01'), {
        ...entry('kim_01', 1),
        online: true,
        viewerCount: 0,
        likeCount: 4,
      });
      await store.upsertLive({ ...entry('kim_01', 4), online: true });
      assert.deepEqual(
        [(await store.getLive('kim_01'))?.likeCount, (await store.getLive('kim_01'))?.pushTime.getTime()],
        [0, Date.UTC(2024, 4, 1, 4)],
      );
      assert.equal(await store.getLive('nobody'), undefined);
    });

    it('adds, refreshes, lists and removes group members', async () => {
      const { store } = await fresh();
      const m = (userid: string, minute: number) => ({
        groupid: 'grp1',
        userid,
        liveuserid: 'anchor1',
        nickname: `nick ${userid}`,
        headpic: 'hp',
        joinedAt: new Date(Date.UTC(2024, 4, 1, 0, minute)),
      });
      assert.equal(await store.addMember(m('vw_002', 2)), true);
      assert.equal(await store.addMember(m('vw_001', 1)), true);
      assert.equal(await store.addMember(m('vw_003', 3)), true);
      assert.equal(await store.addMember({ ...m('vw_002', 9), nickname: 'renamed' }), false, 'already a member');
      assert.equal(await store.addMember({ ...m('vw_001', 1), groupid: 'grp2' }), true);
      const page = await store.listMembers('grp1', { offset: 0, limit: 10 });
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.items.map((x) => [x.userid, x.nickname]),
        [
          ['vw_001', 'nick vw_001'],
          ['vw_002', 'renamed'],
          ['vw_003', 'nick vw_003'],
        ],
      );
      assert.equal(page.items[1]?.joinedAt.getTime(), Date.UTC(2024, 4, 1, 0, 2), 'joinedAt kept on refresh');
      assert.deepEqual(
        (await store.listMembers('grp1', { offset: 2, limit: 5 })).items.map((x) => x.userid),
        ['vw_003'],
      );
      assert.equal(await store.removeMember('grp1', 'vw_002'), true);
      assert.equal(await store.removeMember('grp1', 'vw_002'), false);
      assert.equal((await store.listMembers('grp1', { offset: 0, limit: 10 })).total, 2);
      assert.equal((await store.listMembers('none', { offset: 0, limit: 10 })).total, 0);
    });

    it('stores injection strings, backslashes and emoji verbatim', async () => {
      const { store } = await fresh();
      for (const [i, evil] of EVIL.entries()) {
        const userid = `evil_${i}`;
        await store.createAccount(userid, evil);
        await store.updateAccount(userid, { nickname: evil, avatar: evil, frontcover: evil });
        await store.upsertRoom({
          userid,
          title: evil,
          frontcover: evil,
          location: evil,
          createTime: at('2024-05-01T00:00:00Z'),
        });
        await store.insertVod({
          userid,
          fileId: evil,
          title: evil,
          frontcover: evil,
          location: evil,
          playUrl: evil,
          startTime: at('2024-05-01T00:00:00Z'),
          createTime: at('2024-05-01T01:00:00Z'),
        });
        await store.setVodUrl(userid, evil, 'hls_play_url', evil);
        await store.upsertUgc({
          userid,
          fileId: evil,
          title: evil,
          frontcover: evil,
          location: evil,
          playUrl: evil,
          createTime: at('2024-05-01T00:00:00Z'),
        });
        await store.upsertLive({
          userid,
          groupid: evil,
          title: evil,
          online: true,
          pushTime: at('2024-05-01T00:00:00Z'),
          nickname: evil,
          headpic: evil,
          frontcover: evil,
          location: evil,
        });
        await store.addMember({ groupid: evil, userid, liveuserid: evil, nickname: evil, headpic: evil });
        const a = await store.getAccount(userid);
        assert.deepEqual([a?.password, a?.nickname, a?.avatar, a?.frontcover], [evil, evil, evil, evil]);
        const r = await store.getRoom(userid);
        assert.deepEqual([r?.title, r?.frontcover, r?.location], [evil, evil, evil]);
        const v = await store.getVod(userid, evil);
        assert.deepEqual([v?.fileId, v?.title, v?.playUrl, v?.hlsPlayUrl], [evil, evil, evil, evil]);
        const l = await store.getLive(userid);
        assert.deepEqual([l?.groupid, l?.title, l?.nickname], [evil, evil, evil]);
        assert.deepEqual(
          (await store.listMembers(evil, { offset: 0, limit: 5 })).items.map((m) => m.nickname),
          [evil],
        );
      }
      const list = await store.listVods({ since: at('2024-01-01T00:00:00Z'), offset: 0, limit: 100 });
      assert.deepEqual(new Set(list.map((v) => v.title)), new Set(EVIL), 'tb_vod intact, every title verbatim');
      assert.deepEqual(
        new Set(
          (await store.listUgc({ since: at('2024-01-01T00:00:00Z'), offset: 0, limit: 100 })).map((u) => u.nickname),
        ),
        new Set(EVIL),
      );
    });

    it('rejects values longer than their column and dates outside the TIMESTAMP range', async () => {
      const { store } = await fresh();
      await store.createAccount('long_01', 'h');
      await assert.rejects(store.updateAccount('long_01', { nickname: '昵'.repeat(101) }), StoreQueryError);
      assert.equal(
        await store.updateAccount('long_01', { nickname: '昵'.repeat(100) }),
        true,
        '100 characters fit (utf8mb4 counts characters)',
      );
      await assert.rejects(
        store.upsertRoom({
          userid: 'long_01',
          title: 't',
          frontcover: null,
          location: null,
          createTime: at('2040-01-01T00:00:00Z'),
        }),
        StoreQueryError,
      );
      await assert.rejects(
        store.upsertRoom({
          userid: 'long_01',
          title: 't',
          frontcover: null,
          location: null,
          createTime: new Date(NaN),
        }),
        StoreQueryError,
      );
    });

    it('keeps whole seconds of every time (TIMESTAMP precision)', async () => {
      const { store } = await fresh();
      await store.upsertRoom({
        userid: 'ms_001',
        title: 't',
        frontcover: null,
        location: null,
        createTime: at('2024-05-01T12:00:00.999Z'),
      });
      assert.equal((await store.getRoom('ms_001'))?.createTime.toISOString(), '2024-05-01T12:00:00.000Z');
    });

    it('deletes a doctor probe user everywhere, and refuses any other user id', async () => {
      const { store, reopen } = await fresh();
      const seed = async (userid: string): Promise<void> => {
        await store.createAccount(userid, 'h');
        await store.putSession({
          userid,
          token: 't'.repeat(32),
          tokenExpires: at('2024-05-02T00:00:00Z'),
          refreshSha256: 'a'.repeat(64),
          refreshExpires: at('2024-06-01T00:00:00Z'),
        });
        await store.upsertRoom({
          userid,
          title: 'probe',
          frontcover: null,
          location: null,
          createTime: at('2024-05-01T00:00:00Z'),
        });
        await store.insertVod({
          userid,
          fileId: `f_${userid}`,
          playUrl: 'http://v/1.mp4',
          startTime: at('2024-05-01T00:00:00Z'),
          createTime: at('2024-05-01T01:00:00Z'),
        });
        await store.insertVod({
          userid,
          fileId: `g_${userid}`,
          playUrl: 'http://v/2.mp4',
          startTime: at('2024-05-01T00:00:00Z'),
          createTime: at('2024-05-01T02:00:00Z'),
        });
        await store.upsertUgc({
          userid,
          fileId: `u_${userid}`,
          title: 't',
          frontcover: null,
          location: null,
          playUrl: 'http://v/u.mp4',
          createTime: at('2024-05-01T00:00:00Z'),
        });
        await store.upsertLive({
          userid,
          groupid: `grp_${userid}`,
          title: 't',
          online: true,
          pushTime: at('2024-05-01T00:00:00Z'),
          nickname: 'n',
          headpic: 'h',
          frontcover: 'f',
          location: 'l',
        });
      };
      const probe = 'mlvbdoctor_0a1b2c3d4e';
      await seed(probe);
      await seed('realuser01');
      await store.addMember({
        groupid: 'grp_realuser01',
        userid: probe,
        liveuserid: 'realuser01',
        nickname: 'n',
        headpic: 'h',
      });
      await store.addMember({
        groupid: `grp_${probe}`,
        userid: 'viewer01',
        liveuserid: probe,
        nickname: 'n',
        headpic: 'h',
      });
      await store.addMember({
        groupid: 'grp_realuser01',
        userid: 'viewer01',
        liveuserid: 'realuser01',
        nickname: 'n',
        headpic: 'h',
      });
      const since = at('2024-01-01T00:00:00Z');
      assert.equal(await store.countVods(since), 4, 'the cached count is invalidated by the deletion below');

      for (const bad of [
        'realuser01',
        'MLVBDOCTOR_0a1b2c3d4e',
        'xmlvbdoctor_1',
        'mlvbdoctor_',
        '',
        "mlvbdoctor_' OR '1'='1".replace('mlvbdoctor_', 'x'),
      ]) {
        await assert.rejects(
          store.deleteProbeUser(bad),
          (e: Error & { code?: string }) =>
            e.code === 'MLVB_INPUT_INVALID' && /only doctor probe users/.test(e.message),
          bad,
        );
      }
      assert.deepEqual(await store.deleteProbeUser(probe), {
        tb_vod: 2,
        tb_room: 1,
        minilvb_session: 1,
        tb_ugc: 1,
        minilvb_group_member: 2,
        minilvb_live: 1,
        tb_account: 1,
      });
      assert.deepEqual(
        await store.deleteProbeUser(probe),
        {
          tb_vod: 0,
          tb_room: 0,
          minilvb_session: 0,
          tb_ugc: 0,
          minilvb_group_member: 0,
          minilvb_live: 0,
          tb_account: 0,
        },
        'idempotent',
      );
      assert.deepEqual(
        await store.deleteProbeUser("mlvbdoctor_' OR '1'='1"),
        {
          tb_vod: 0,
          tb_room: 0,
          minilvb_session: 0,
          tb_ugc: 0,
          minilvb_group_member: 0,
          minilvb_live: 0,
          tb_account: 0,
        },
        'an injection attempt matches nothing',
      );

      const again = await reopen();
      assert.equal(await again.getAccount(probe), undefined);
      assert.equal(await again.getSession(probe), undefined);
      assert.equal(await again.getRoom(probe), undefined);
      assert.equal(await again.getLive(probe), undefined);
      assert.equal(await again.getVod(probe, `f_${probe}`), undefined);
      assert.equal(await again.countVods(since), 2);
      assert.deepEqual(
        (await again.listUgc({ since, offset: 0, limit: 10 })).map((u) => u.userid),
        ['realuser01'],
      );
      assert.deepEqual(
        (await again.listMembers('grp_realuser01', { offset: 0, limit: 10 })).items.map((m) => m.userid),
        ['viewer01'],
      );
      assert.equal((await again.listMembers(`grp_${probe}`, { offset: 0, limit: 10 })).total, 0);
      assert.ok(await again.getAccount('realuser01'), 'other users keep their rows');
      assert.ok(await again.getSession('realuser01'));
      assert.ok(await again.getRoom('realuser01'));
      assert.ok(await again.getLive('realuser01'));
    });

    it('persists 50 parallel writes, all visible after reopening', async () => {
      const { store, reopen } = await fresh();
      const ids = Array.from({ length: 50 }, (_, i) => `par_${String(i).padStart(3, '0')}`);
      const results = await Promise.all(
        ids.flatMap((id, i) => [
          store.createAccount(id, `pw${i}`),
          store.upsertRoom({
            userid: id,
            title: `room ${i}`,
            frontcover: null,
            location: null,
            createTime: at('2024-05-01T00:00:00Z'),
          }),
          store.insertVod({
            userid: id,
            fileId: `v${i}`,
            playUrl: `http://v/${i}.mp4`,
            startTime: at('2024-05-01T00:00:00Z'),
            createTime: new Date(Date.UTC(2024, 4, 2, 0, 0, i)),
          }),
        ]),
      );
      assert.equal(results.filter((r) => r === 'created').length, 100);
      const again = await reopen();
      for (const [i, id] of ids.entries()) {
        assert.equal((await again.getAccount(id))?.password, `pw${i}`);
        assert.equal((await again.getRoom(id))?.title, `room ${i}`);
      }
      const list = await again.listVods({ since: at('2024-01-01T00:00:00Z'), offset: 0, limit: 100 });
      assert.deepEqual(
        list.map((v) => v.fileId),
        ids.map((_, i) => `v${i}`).reverse(),
      );
      assert.equal(await again.countVods(at('2024-01-01T00:00:00Z')), 50);
      await again.close();
      const [winner] = await Promise.allSettled([again.getAccount(ids[0] as string)]);
      assert.equal(winner?.status, 'rejected', 'a closed store refuses work');
    });
  });
}

contract(embedded);
contract(mysql);

// A file run alone starts a private MariaDB: stop it (the shared one of `npm test` ignores stop()).
afterAll(async () => {
  await (await getMariaDB()).stop();
});
