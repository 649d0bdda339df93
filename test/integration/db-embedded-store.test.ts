/**
 * What only the embedded store has: the journal on disk (fsync'd, replayed, torn tail ignored),
 * compaction into a snapshot, file modes, the one-process lock, and openStore choosing it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { openEmbeddedStore } from '../../src/db/embedded/embedded-store.js';
import { openStore } from '../../src/db/open-store.js';
import { StoreQueryError, StoreUnavailableError } from '../../src/db/store.js';

const EMBEDDED_DIST = new URL('../../dist/db/embedded/embedded-store.js', import.meta.url).pathname;
const dir = (): string => mkdtempSync(join(tmpdir(), 'minilvb-embedded-'));
const room = (userid: string, title: string) => ({
  userid,
  title,
  frontcover: null,
  location: null,
  createTime: new Date('2024-05-01T00:00:00Z'),
});

describe('embedded store on disk', () => {
  it('journals every acknowledged write before close, with mode 0600 files', async () => {
    const d = dir();
    const store = await openEmbeddedStore(d);
    await store.createAccount('user_a', 'pw');
    await store.upsertRoom(room('user_a', 'title'));
    const lines = readFileSync(join(d, 'journal.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 2, 'both writes are on disk before close');
    assert.equal(statSync(join(d, 'journal.jsonl')).mode & 0o777, 0o600);
    assert.equal(statSync(d).mode & 0o777, 0o700);
    await store.close();
    assert.equal(statSync(join(d, 'snapshot.json')).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(d, 'journal.jsonl'), 'utf8'), '', 'close compacts the journal into the snapshot');
  });

  it('replays the journal after a crash (no close) and ignores a torn last line', async () => {
    const d = dir();
    const first = await openEmbeddedStore(d);
    await first.createAccount('user_b', 'pw');
    await first.upsertRoom(room('user_b', 'kept'));
    // Simulated crash mid-write: a half line at the end of the journal, and the process never closed.
    appendFileSync(join(d, 'journal.jsonl'), '{"t":"room","k":"user_b","v":{"userid":"user_b","title":"tor');
    const second = await openEmbeddedStore(d);
    assert.equal((await second.getRoom('user_b'))?.title, 'kept');
    assert.equal((await second.getAccount('user_b'))?.password, 'pw');
    await second.upsertRoom(room('user_b', 'after'));
    const lines = readFileSync(join(d, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean);
    for (const l of lines) assert.match(l, /^[0-9a-f]{8} \{.*\}$/, 'every new line is checksummed JSON');
    await second.close();
    const third = await openEmbeddedStore(d);
    assert.equal((await third.getRoom('user_b'))?.title, 'after');
    await third.close();
  });

  it('refuses a journal damaged in the middle instead of silently losing data', async () => {
    const d = dir();
    const s = await openEmbeddedStore(d);
    await s.createAccount('user_c', 'pw');
    await s.close();
    writeFileSync(join(d, 'journal.jsonl'), 'garbage\n{"t":"account","k":"x","v":null}\n');
    await assert.rejects(
      openEmbeddedStore(d),
      (e: unknown) => e instanceof StoreQueryError && /line 1/.test(e.message),
    );
  });

  it('replaying the journal on top of a snapshot that already holds it changes nothing', async () => {
    const d = dir();
    const s = await openEmbeddedStore(d);
    await s.createAccount('user_d', 'pw');
    await s.upsertRoom(room('user_d', 'one'));
    const journal = readFileSync(join(d, 'journal.jsonl'), 'utf8');
    await s.close();
    // Crash between writing the snapshot and truncating the journal.
    writeFileSync(join(d, 'journal.jsonl'), journal);
    const again = await openEmbeddedStore(d);
    assert.equal((await again.getRoom('user_d'))?.title, 'one');
    assert.equal(await again.createAccount('user_d', 'x'), 'exists');
    await again.close();
  });

  it('is locked to one live process, and a kill -9 of it frees the lock', async () => {
    const d = dir();
    // Another process really holding the store (the built module, as `serve` would).
    const code = `import(${JSON.stringify(EMBEDDED_DIST)}).then(async (m) => { await m.openEmbeddedStore(${JSON.stringify(d)}); console.log('ready'); setTimeout(() => {}, 20000); });`;
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolveReady, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          if (b.toString().includes('ready')) resolveReady();
        });
        child.once('exit', () => reject(new Error('the holder exited early')));
      });
      await assert.rejects(
        openEmbeddedStore(d),
        (e: unknown) => e instanceof StoreUnavailableError && e.message.includes(String(child.pid)),
      );
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.once('exit', r));
    const s = await openEmbeddedStore(d);
    await s.close();
  });

  it('ignores a lock naming a live process that is not the holder (pid reused after a reboot)', async () => {
    const d = dir();
    const unrelated = spawn('sleep', ['20'], { stdio: 'ignore' });
    try {
      // The pid-only form of older versions, and the current form with another boot's id.
      writeFileSync(join(d, 'store.lock'), String(unrelated.pid));
      const first = await openEmbeddedStore(d);
      await first.close();
      writeFileSync(join(d, 'store.lock'), `${unrelated.pid}\n00000000-0000-0000-0000-000000000000\n12345\n`);
      const second = await openEmbeddedStore(d);
      await second.close();
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  it('openStore picks the embedded store when no database is configured, under server.dataDir', async () => {
    const cwd = dir();
    const store = await openStore({ db: undefined, server: { dataDir: 'data' } as never }, { cwd });
    assert.equal(store.kind, 'embedded');
    await store.createAccount('user_e', 'pw');
    await store.close();
    assert.ok(existsSync(join(cwd, 'data', 'snapshot.json')));
  });

  it('keeps 2,000 concurrent writes through automatic compactions and a crash', async () => {
    const d = dir();
    const s = await openEmbeddedStore(d, { compactAfter: 150 });
    for (let round = 0; round < 20; round += 1) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => s.upsertRoom(room(`u_${round}_${i}`, `t${round}`))));
    }
    assert.ok(existsSync(join(d, 'snapshot.json')), 'compacted while running');
    assert.ok(readFileSync(join(d, 'journal.jsonl'), 'utf8').split('\n').length < 400, 'the journal was truncated');
    // No close: reopen as after a crash (same process, so the lock is ours).
    const again = await openEmbeddedStore(d);
    assert.equal((await again.getRoom('u_19_99'))?.title, 't19');
    assert.equal((await again.getRoom('u_0_0'))?.title, 't0');
    await again.close();
  });
});
