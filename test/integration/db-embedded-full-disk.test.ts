/**
 * The embedded store on a real full filesystem (a small tmpfs as server.dataDir) under a real
 * `minilvb serve`, killed with SIGKILL: a refused write is absent, an acknowledged one survives,
 * the server heals without restart once space returns, and the journal stays readable.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openEmbeddedStore } from '../../src/db/embedded/embedded-store.js';
import { StoreUnavailableError } from '../../src/db/store.js';
import { clientPasswordHash } from '../../src/sign/index.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { post, signed } from '../helpers/server-client.js';

const mounts: string[] = [];
const servers: ServeProcess[] = [];

/** A fresh tmpfs of `kib` KiB. */
function smallFs(kib: number): string {
  const mnt = mkdtempSync(join(tmpdir(), 'minilvb-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0700`, 'tmpfs', mnt]);
  mounts.push(mnt);
  return mnt;
}

/** Fills the filesystem of `dir` to the last byte with a file; returns its path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (let i = 0; i < 100_000; i += 1) writeSync(fd, chunk);
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
  return path;
}

afterAll(async () => {
  for (const s of servers) await s.kill9().catch(() => undefined);
  for (const m of mounts) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      /* already gone */
    }
    rmSync(m, { recursive: true, force: true });
  }
});

describe('embedded store on a full disk', () => {
  let mnt: string;
  beforeAll(() => {
    mnt = smallFs(768);
  });

  it('refuses writes on a full disk without a trace, heals without restart, and a kill -9 loses nothing acknowledged', async () => {
    const dataDir = join(mnt, 'data');
    const cwd = projectDir(
      currentConfig({ server: { publicUrl: 'http://127.0.0.1:8080', dataDir, passwordStorage: 'legacy' } }),
    );
    let serve = await startServe(cwd);
    servers.push(serve);
    const users = Array.from({ length: 30 }, (_, i) => `disk_user_${i}`);
    const tokens = new Map<string, string>();
    for (const u of users) {
      const password = clientPasswordHash('secret123', u);
      assert.equal((await post(serve.url, '/register', { userid: u, password })).json.code, 200);
      const login = await post(serve.url, '/login', { userid: u, password });
      tokens.set(u, (login.json.data as { token: string }).token);
    }
    /** The nickname each user must have: the last acknowledged one. */
    const expected = new Map<string, string>();
    const round = async (tag: string): Promise<Array<{ user: string; code: unknown }>> =>
      Promise.all(
        users.map(async (u) => {
          const nickname = `${tag}-${u}-${'n'.repeat(60)}`;
          const r = await signed(serve.url, '/upload_user_info', u, tokens.get(u) as string, {
            nickname,
            avatar: `http://a.example.com/${'a'.repeat(200)}`,
          });
          if (r.json.code === 200) expected.set(u, nickname);
          return { user: u, code: r.json.code };
        }),
      );
    const nicknameOf = async (u: string): Promise<unknown> =>
      (await signed(serve.url, '/get_user_info', u, tokens.get(u) as string)).json.data;

    assert.ok((await round('ok1')).every((r) => r.code === 200));
    const filler = fill(mnt);
    const full = await round('full');
    assert.ok(
      full.some((r) => r.code === 500),
      `the full disk refused some writes: ${JSON.stringify(full.map((r) => r.code))}`,
    );
    for (const { user, code } of full) {
      if (code === 500)
        assert.equal(
          ((await nicknameOf(user)) as { nickname: string }).nickname,
          expected.get(user),
          `a refused write of ${user} is not visible`,
        );
    }
    // The journal's last page may still hold a few small lines: register until the disk refuses.
    const registered: Array<{ userid: string; password: string }> = [];
    let bob: { userid: string; password: string } | undefined;
    for (let i = 0; i < 200 && !bob; i += 1) {
      const candidate = { userid: `disk_bob_${i}`, password: clientPasswordHash('secret123', `disk_bob_${i}`) };
      const code = (await post(serve.url, '/register', candidate)).json.code;
      if (code === 500) bob = candidate;
      else registered.push(candidate);
    }
    assert.ok(bob, 'register on a full disk is refused');

    unlinkSync(filler);
    assert.equal(
      (await post(serve.url, '/register', bob)).json.code,
      200,
      'the refused register left no account behind (no 612)',
    );
    const healed = await round('ok2');
    assert.ok(
      healed.every((r) => r.code === 200),
      'writes succeed again without a restart',
    );

    // Full again, refused writes, then a crash in that state.
    const filler2 = fill(mnt);
    await round('full2');
    await serve.kill9();
    unlinkSync(filler2);
    // What a crash mid-append leaves (without the rollback the server would have done): a torn line.
    appendFileSync(join(dataDir, 'journal.jsonl'), '0badc0de {"t":"account","k":"disk_user_0","v":{"userid":"disk_us');

    serve = await startServe(cwd);
    servers.push(serve);
    for (const u of users)
      assert.equal(
        ((await nicknameOf(u)) as { nickname: string }).nickname,
        expected.get(u),
        `${u} has its last acknowledged nickname`,
      );
    for (const r of [...registered, bob])
      assert.equal(
        (await post(serve.url, '/login', r)).json.code,
        200,
        `the acknowledged register of ${r.userid} survived`,
      );
    assert.equal(await serve.stop(), 0);
    assert.match(serve.stderr(), /damaged tail from line \d+ \(\d+ bytes/, 'the cut tail is reported in the log');
  });
});

describe('embedded store journal damage', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'minilvb-embedded-'));
  const room = (userid: string, title: string) => ({
    userid,
    title,
    frontcover: null,
    location: null,
    createTime: new Date('2024-05-01T00:00:00Z'),
  });

  it('cuts a damaged tail, keeps its bytes in a file and reports it', async () => {
    const d = dir();
    const s = await openEmbeddedStore(d);
    await s.upsertRoom(room('tail_a', 'kept'));
    const journal = join(d, 'journal.jsonl');
    const good = readFileSync(journal, 'utf8');
    // A whole line whose checksum does not match (a bit flipped on the way to disk), then a torn one.
    const flipped = good.replace('kept', 'kepT');
    appendFileSync(journal, flipped + good.slice(0, 20));
    const again = await openEmbeddedStore(d);
    assert.equal((await again.getRoom('tail_a'))?.title, 'kept');
    assert.equal(again.openWarnings.length, 1);
    assert.match(again.openWarnings[0] as string, /damaged tail from line 2/);
    const kept = readdirSync(d).filter((n) => n.startsWith('journal.damaged-'));
    assert.equal(kept.length, 1);
    assert.equal(readFileSync(join(d, kept[0] as string), 'utf8'), flipped + good.slice(0, 20));
    assert.equal(readFileSync(journal, 'utf8'), good, 'the journal is cut back to its last good line');
    await again.close();
  });

  it('refuses a line with a bad checksum that is followed by acknowledged lines', async () => {
    const d = dir();
    const s = await openEmbeddedStore(d);
    await s.upsertRoom(room('mid_a', 'one'));
    await s.upsertRoom(room('mid_b', 'two'));
    const journal = join(d, 'journal.jsonl');
    const text = readFileSync(journal, 'utf8');
    writeFileSync(journal, text.replace('one', 'onE'));
    await assert.rejects(openEmbeddedStore(d), /damaged at line 1, and acknowledged writes follow it/);
  });

  it('still reads a journal written before lines had checksums', async () => {
    const d = dir();
    mkdirSync(d, { recursive: true });
    writeFileSync(
      join(d, 'journal.jsonl'),
      '{"t":"room","k":"old_a","v":{"userid":"old_a","title":"legacy","frontcover":null,"location":null,"createTime":"2024-05-01T00:00:00.000Z"}}\n',
    );
    const s = await openEmbeddedStore(d);
    assert.equal((await s.getRoom('old_a'))?.title, 'legacy');
    assert.deepEqual(s.openWarnings, []);
    await s.close();
  });

  it('refuses appends that cannot be written and never shows them', async () => {
    const mnt = smallFs(64);
    const s = await openEmbeddedStore(join(mnt, 'store'));
    await s.createAccount('fs_a', 'pw');
    const filler = fill(mnt);
    const big = 'x'.repeat(90);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => s.updateAccount('fs_a', { nickname: `${i}${big}` })),
    );
    assert.ok(results.some((r) => r.status === 'rejected' && r.reason instanceof StoreUnavailableError));
    const lastOk =
      results
        .map((r, i) => (r.status === 'fulfilled' ? `${i}${big}` : null))
        .filter((x) => x !== null)
        .pop() ?? null;
    assert.equal((await s.getAccount('fs_a'))?.nickname, lastOk);
    let refused: string | undefined;
    for (let i = 0; i < 200 && !refused; i += 1) {
      await s.createAccount(`fs_b${i}`, 'pw').catch(() => {
        refused = `fs_b${i}`;
      });
    }
    assert.ok(refused, 'a create was refused');
    assert.equal(await s.getAccount(refused), undefined);
    unlinkSync(filler);
    assert.equal(await s.createAccount(refused, 'pw'), 'created');
    await s.close();
    const again = await openEmbeddedStore(join(mnt, 'store'));
    assert.equal((await again.getAccount('fs_a'))?.nickname, lastOk);
    assert.equal((await again.getAccount(refused))?.password, 'pw');
    assert.deepEqual(again.openWarnings, []);
    await again.close();
  });
});
