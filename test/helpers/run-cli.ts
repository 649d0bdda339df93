/**
 * Runs the CLI two ways: in-process through main() with captured streams (fast, for most tests),
 * and as the real built binary in a child process (end-to-end). Every captured output is also
 * appended to the secret-leak log that test/e2e/secrets-leak.test.ts greps.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { TEST_SECRETS } from './fixtures.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws if it is not). */
  json<T = Record<string, unknown>>(): T;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

export const BIN = new URL('../../bin/minilvb.js', import.meta.url).pathname;

/** Where every test's CLI output is collected for the leak check. */
export const OUTPUT_LOG = process.env.MINILVB_TEST_OUTPUT_LOG ?? join(tmpdir(), 'minilvb-test-outputs.log');

function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')),
    NO_COLOR: '1',
    CI: '1',
  };
  return { ...env, ...extra };
}

/** Tests may pass secrets as flags; the recorded command line is the test's input, not minilvb's output. */
const inputMask = new Redactor(Object.values(TEST_SECRETS));

function record(args: string[], out: { stdout: string; stderr: string }): void {
  appendFileSync(OUTPUT_LOG, `$ minilvb ${inputMask.redactText(args.join(' '))}\n${out.stdout}\n${out.stderr}\n`);
}

function wrap(code: number, stdout: string, stderr: string): CliRun {
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

/** In-process: main(argv) with string-capturing streams. */
export async function runCli(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await main(args, {
    cwd: opts.cwd ?? mkdtempSync(join(tmpdir(), 'minilvb-cwd-')),
    env: baseEnv(opts.env),
    stdin: Readable.from(opts.input ? [opts.input] : []),
    stdout,
    stderr,
    get prompt() {
      return { input: this.stdin, output: stderr };
    },
  });
  record(args, { stdout: out, stderr: err });
  return wrap(code, out, err);
}

/** Child process: the built bin/minilvb.js, as a user runs it. */
export async function runBin(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const run = await runNode([BIN, ...args], opts, `minilvb ${args.join(' ')}`);
  record(args, run);
  return run;
}

function runNode(argv: string[], opts: RunOptions, label = argv.join(' ')): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: opts.cwd ?? mkdtempSync(join(tmpdir(), 'minilvb-cwd-')),
      env: baseEnv(opts.env) as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} timed out`));
    }, opts.timeoutMs ?? 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun(wrap(code ?? -1, out, err));
    });
    child.stdin.end(opts.input ?? '');
  });
}

const BATCH = new URL('./bin-batch.cjs', import.meta.url).pathname;

/** One command of runBinMany: its arguments, and a working directory and environment of its own if given. */
export interface BatchRun {
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

/**
 * The built CLI as bin/minilvb.js runs it (dist/cli/boot.cjs and the bundles), once per command but all in one
 * child process: for many commands that need no input, where starting node for every one would cost more
 * than the commands.
 */
export async function runBinMany(runs: BatchRun[]): Promise<CliRun[]> {
  const batch = await runNode([BATCH, JSON.stringify(runs)], {});
  if (batch.code !== 0) throw new Error(`bin-batch exited ${batch.code}: ${batch.stderr}`);
  const results = batch.json<Array<{ code: number; stdout: string; stderr: string }>>();
  return results.map((r, i) => {
    record(runs[i]!.args, r);
    return wrap(r.code, r.stdout, r.stderr);
  });
}
