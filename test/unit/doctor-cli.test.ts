import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Socket } from 'node:net';
import { describe, it, vi } from 'vitest';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

interface DoctorJson {
  schemaVersion: number;
  command: string;
  ok: boolean;
  data: {
    checks: Array<{
      id: string;
      status: string;
      summary: string;
      cause?: string;
      fix?: { text: string; commands?: string[] };
      faqId?: string;
    }>;
    summary: Record<string, number>;
  };
}

/**
 * Runs `run` (in-process CLI) on a fake clock that advances 100 ms per turn of the real event loop,
 * so probe timeouts and the progress note come without waiting for wall time; real I/O still runs.
 */
async function onFakeClock<T>(run: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  try {
    let done = false;
    const result = run().finally(() => {
      done = true;
    });
    for (let turns = 0; !done && turns < 10_000; turns += 1) {
      await vi.advanceTimersByTimeAsync(100);
      await new Promise((r) => setImmediate(r));
    }
    return await result;
  } finally {
    vi.useRealTimers();
  }
}

describe('minilvb doctor (CLI)', () => {
  it('--list-checks lists ids grouped, with prerequisites', async () => {
    const r = await runCli(['doctor', '--list-checks']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^config — Configuration/m);
    assert.match(
      r.stdout,
      /callback\.recording\s+Recording callback becomes a replay\s+\(needs callback\.sign, app\.login\)/,
    );
  });

  it('an unknown check id exits 2 and lists the known ids', async () => {
    const r = await runCli(['doctor', 'server.nope', '--json']);
    assert.equal(r.code, 2);
    const err = r.json<{ error: { code: string; message: string; hint: string } }>().error;
    assert.equal(err.code, 'MLVB_USAGE');
    assert.match(err.message, /Unknown check: server\.nope/);
    assert.match(err.hint, /server\.reachable/);
  });

  it('a bad --timeout exits 2', async () => {
    const r = await runCli(['doctor', '--timeout', 'soon']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--timeout soon is not a time limit/);
  });

  it('--json prints one document with every check field and the counts; exit 0 when nothing failed', async () => {
    const dir = projectDir(currentConfig());
    const r = await runCli(['doctor', 'config', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const doc = r.json<DoctorJson>();
    assert.equal(doc.command, 'doctor');
    assert.equal(doc.schemaVersion, 1);
    assert.ok(!('schemaVersion' in doc.data) && !('ok' in doc.data), 'schemaVersion and ok only at the top level');
    assert.deepEqual(
      doc.data.checks.map((c) => c.id),
      [
        'config.credentials',
        'config.cos-bucket',
        'config.cos-region',
        'config.file-mode',
        'config.git-tracked',
        'config.php-deployment',
        'config.generated',
        'config.app-constants',
      ],
    );
    assert.equal(doc.data.summary.total, 8);
    assert.equal(doc.data.summary.fail, 0);
    for (const s of Object.values(TEST_SECRETS)) assert.ok(!r.stdout.includes(s));
  });

  it('a world-readable config file fails with cause and the chmod fix; exit 1', async () => {
    const dir = projectDir(currentConfig());
    chmodSync(join(dir, 'minilvb.config.json'), 0o644);
    const r = await runCli(['doctor', 'config.file-mode'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /✗ Config file permissions: .* is readable by every user on this machine \[config\.file-mode\]/,
    );
    assert.match(r.stdout, /cause: it holds lvb\.pushKey/);
    assert.match(r.stdout, /\$ chmod 600 /);
    assert.match(r.stdout, /Start with config\.file-mode/);
  });

  it('warnings pass, but fail with --strict', async () => {
    const dir = projectDir(currentConfig({ cos: { ...(currentConfig().cos as object), region: 'gz' } }));
    const plain = await runCli(['doctor', 'config.cos-region'], { cwd: dir });
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /! COS region id: legacy region alias/);
    const strict = await runCli(['doctor', 'config.cos-region', '--strict'], { cwd: dir });
    assert.equal(strict.code, 1);
  });

  it('a bucket of another APPID names COS-APPID; --log findings print cause and fix', async () => {
    const dir = projectDir(currentConfig({ cos: { ...(currentConfig().cos as object), bucket: 'photos-1250000001' } }));
    const log = join(dir, 'rtmpsdk_20240101.log');
    writeFileSync(log, 'E: applog:upload image failed, code:-61, msg:ERROR_PROXY_SIGN_BUCKET_NOTMATCH\n');
    const r = await runCli(['doctor', 'config.cos-bucket', 'logs', '--log', log, '--json'], { cwd: dir });
    assert.equal(r.code, 1);
    const checks = r.json<DoctorJson>().data.checks;
    assert.equal(checks.find((c) => c.id === 'config.cos-bucket')?.faqId, 'COS-APPID');
    const logs = checks.find((c) => c.id === 'logs.scan') as DoctorJson['data']['checks'][number] & {
      findings: Array<{ faqId: string }>;
    };
    assert.ok(logs.findings.some((f) => f.faqId === 'COS-BUCKET'));
  });

  it('--skip removes a check (reported as skipped)', async () => {
    const dir = projectDir(currentConfig());
    const r = await runCli(['doctor', 'config', '--skip', 'config.git-tracked', '--json'], { cwd: dir });
    const git = r.json<DoctorJson>().data.checks.find((c) => c.id === 'config.git-tracked');
    assert.equal(git?.status, 'skip');
    assert.equal(git?.summary, 'skipped with --skip');
  });

  it('a note on stderr names the checks still pending after a few seconds (human mode only)', async () => {
    // A server that accepts connections and never answers: server.generation waits for its timeout.
    const sockets = new Set<Socket>();
    const hung = createServer((sock) => {
      sockets.add(sock);
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as { port: number };
    try {
      const dir = projectDir(currentConfig({ server: { publicUrl: `http://127.0.0.1:${port}` } }));
      const human = await onFakeClock(() => runCli(['doctor', 'server.generation'], { cwd: dir }));
      assert.equal(human.code, 1, human.stdout + human.stderr);
      assert.match(human.stderr, /doctor: \d+ done; waiting for server\.generation \(\d+ s\)/);
      assert.match(human.stdout, /no answer from 127\.0\.0\.1:\d+ in time \[server\.generation\]/);
      const json = await onFakeClock(() => runCli(['doctor', 'server.generation', '--json'], { cwd: dir }));
      assert.equal(json.code, 1);
      assert.doesNotMatch(json.stderr, /waiting for/);
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });

  it('accepts the config flags like the other commands (a flag wins over the file)', async () => {
    const dir = projectDir(currentConfig());
    const r = await runCli(['doctor', 'server.url', '--json', '--public-url', 'http://198.51.100.4:8081'], {
      cwd: dir,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const doc = r.json<DoctorJson & { data: { server: string; serverFrom: string } }>();
    assert.equal(doc.data.server, 'http://198.51.100.4:8081');
    assert.equal(doc.data.serverFrom, 'server.publicUrl');
    assert.equal(doc.data.checks[0]?.summary, 'http://198.51.100.4:8081');
  });

  it('a FAQ alias is named next to the entry it repeats', async () => {
    const dir = projectDir(currentConfig());
    const log = join(dir, 'component_error20240101.log.php');
    writeFileSync(log, '[2024-01-01 12:00:00] check_sign error:abc:def\n');
    const r = await runCli(['doctor', 'logs', '--log', log], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /more: {2}minilvb explain CB-API-KEY \(also listed as VOD-CALLBACK-KEY\)/);
    assert.match(
      r.stdout,
      /Start with logs\.scan .*\nIts cause, how to confirm it and the fix in detail: minilvb explain /,
    );
  });
});
