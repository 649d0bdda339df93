/**
 * The built CLI (bin/minilvb.js → dist/cli/boot.cjs → the bundles dist/cli*.cjs, `npm run build`)
 * behaves exactly as the source does in-process: same exit code, stdout and stderr for help,
 * errors, every sign subcommand, config and generate; serve runs from its group bundle; the V8
 * code cache is written and reused.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'vitest';
import { Command } from 'commander';
import { COMMAND_GROUPS } from '../../src/cli/registry.js';
import { BIN, runBin, runBinMany, runCli, type BatchRun, type CliRun } from '../helpers/run-cli.js';
import { freePort } from '../helpers/ports.js';
import { currentConfig, legacyConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';

const current = projectDir(currentConfig());
const legacy = projectDir(legacyConfig());

const newCwd = (): string => mkdtempSync(join(tmpdir(), 'minilvb-cwd-'));

/** The built CLI answered exactly as the source did in-process: stdout, stderr and exit code. */
function assertSame(args: string[], bin: CliRun, src: CliRun): void {
  const label = `minilvb ${args.join(' ')}`;
  assert.equal(bin.stdout, src.stdout, `${label}: stdout`);
  assert.equal(bin.stderr, src.stderr, `${label}: stderr`);
  assert.equal(bin.code, src.code, `${label}: exit code`);
}

async function same(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const cwd = opts.cwd ?? newCwd();
  const [bin, src] = await Promise.all([runBin(args, { ...opts, cwd }), runCli(args, { ...opts, cwd })]);
  assertSame(args, bin, src);
  return bin;
}

/** same() for many commands at once: the built CLI runs them all in one process (runBinMany). */
async function sameMany(runs: BatchRun[]): Promise<CliRun[]> {
  const withCwd = runs.map((r) => ({ ...r, cwd: r.cwd ?? newCwd() }));
  const bins = await runBinMany(withCwd);
  for (const [i, run] of withCwd.entries())
    assertSame(run.args, bins[i]!, await runCli(run.args, { cwd: run.cwd, env: run.env }));
  return bins;
}

/** Every command path, e.g. ['sign', 'push'], groups included. */
async function commandPaths(): Promise<string[][]> {
  const program = new Command('minilvb');
  const noop = () => async () => {};
  for (const load of Object.values(COMMAND_GROUPS)) (await load()).register(program, noop);
  const walk = (cmd: Command, path: string[]): string[][] => [
    path,
    ...cmd.commands.flatMap((c) => walk(c, [...path, c.name()])),
  ];
  return program.commands.flatMap((c) => walk(c, [c.name()]));
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out[relative(dir, join(d, e.name))] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('the bundled CLI', () => {
  it('prints the same version and help for every command', async () => {
    assert.equal(
      (await same(['--version'])).stdout,
      `${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`,
    );
    await same(['-V']);
    await same(['--help']);
    const paths = await commandPaths();
    assert.ok(paths.length >= 10, 'every group and subcommand is listed');
    // A real start for one command of a group bundle; the rest run in one process through the same boot and bundles.
    await same(['sign', 'push', '--help']);
    await sameMany(paths.map((path) => ({ args: [...path, '--help'] })));
  });

  it('reports usage errors the same way', async () => {
    const [unknown] = await sameMany([
      { args: ['frobnicate'] },
      { args: ['sign', 'pus'] },
      { args: ['sign', 'push', '--json'] },
      { args: ['config', 'show', '--json', '--nope'] },
    ]);
    assert.equal(unknown!.code, 2);
  });

  it('signs exactly as the source does', async () => {
    const env = { MINILVB_PUSH_KEY: TEST_SECRETS.pushKey };
    const [push, , , sig] = await sameMany([
      { args: ['sign', 'push', '--stream', 'demo', '--push-domain', 'push.example.com', '--tx-time', '5C271099'], env },
      { args: ['sign', 'push', '--stream', 'demo', '--tx-time', '5C271099', '--json'], cwd: current },
      { args: ['sign', 'play', '--stream', 'demo', '--tx-time', '5C271099'], cwd: current },
      { args: ['sign', 'usersig', '--user', 'jacqiu', '--now', '1700000000', '--json'], cwd: current },
      { args: ['sign', 'callback', '--t', '1545030873', '--event', '100', '--stream', 'jacqiu'], cwd: current },
      { args: ['sign', 'cos', '--now', '1700000000', '--method', 'PUT', '--path', '/jacqiu/1'], cwd: current },
      { args: ['sign', 'liteav', '--token', '123456789', '--body', '{"userid":"jacqiu"}'] },
      { args: ['sign', 'play', '--stream', 'jacqiu', '--tx-time', '5C271099'], cwd: legacy },
    ]);
    assert.match(push!.stdout, /txSecret=[0-9a-f]{32}&txTime=5C271099/);
    const userSig = sig!.json<{ data: { userSig: string } }>().data.userSig;
    // A real start of its own for a command that reads a config file.
    await same(['sign', 'decode', userSig, '--now', '1700000100'], { cwd: current });
  });

  it('shows and validates the config, and generates the same files', async () => {
    await sameMany([
      { args: ['config', 'show'], cwd: current },
      { args: ['config', 'validate', '--json'], cwd: legacy },
    ]);
    const a = projectDir(currentConfig());
    const b = projectDir(currentConfig());
    const [bin, src] = await Promise.all([
      runBin(['generate', '--out', 'out'], { cwd: a }),
      runCli(['generate', '--out', 'out'], { cwd: b }),
    ]);
    assert.equal(bin.code, 0, bin.stderr);
    assert.equal(bin.stdout.replaceAll(a, '<dir>'), src.stdout.replaceAll(b, '<dir>'));
    const written = files(join(a, 'out'));
    assert.ok(Object.keys(written).length > 3, 'templates were found from the bundle');
    assert.deepEqual(written, files(join(b, 'out')));
  });

  it('serves from the serve bundle until SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', String(port), '--data-dir', mkdtempSync(join(tmpdir(), 'minilvb-data-'))],
      {
        cwd: projectDir(currentConfig()),
        env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')), NO_COLOR: '1', CI: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      await new Promise<void>((resolveUp, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 15_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('listening on')) {
            clearTimeout(timer);
            resolveUp();
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`serve exited ${code}: ${out}`));
        });
      });
      const status = await new Promise<number>((resolveStatus, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 5_000 }, (res) => {
          res.resume();
          resolveStatus(res.statusCode ?? 0);
        });
        req.on('timeout', () => req.destroy(new Error('healthz timed out')));
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 200);
    } finally {
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });

  it('writes a V8 code cache per bundle and command group, and runs from it', async () => {
    const cache = new URL('../../dist/.cache/', import.meta.url).pathname;
    await same(['sign', 'liteav', '--token', '1', '--body', '{}']);
    const entries = existsSync(cache) ? readdirSync(cache) : [];
    assert.ok(
      entries.some((f) => /^cli-[0-9a-f]{16}-.*-sign\.v8$/.test(f)),
      `no code cache in dist/.cache (${entries.join(' ')}): is the bundle stale? run npm run build`,
    );
    assert.ok(
      entries.some((f) => /^cli-sign-[0-9a-f]{16}-.*-sign\.v8$/.test(f)),
      entries.join(' '),
    );
    assert.ok(!entries.some((f) => f.endsWith('.tmp')));
    await same(['sign', 'liteav', '--token', '2', '--body', '{}']);
  });
});
