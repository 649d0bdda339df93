/**
 * Every command minilvb suggests must run (issue 8 item 3): each `minilvb …` line found in a doctor
 * fix, an error hint, init's next steps, a help example or the README is parsed by the real
 * commander program (actions replaced, nothing executed). A suggestion fails when commander
 * rejects it (unknown command or option, missing argument) or when it only prints a group's help.
 */
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'vitest';
import { Command, CommanderError } from 'commander';
import { buildProgram } from '../../src/cli/main.js';
import { Output } from '../../src/cli/output/output.js';
import { makeStyle } from '../../src/cli/output/style.js';
import { COMMAND_GROUPS, type CommandGroup } from '../../src/cli/registry.js';
import type { Runner } from '../../src/cli/run.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { extract, suggestedCommands, type Suggestion } from '../helpers/suggested-commands.js';

type Verdict = 'runs' | 'help' | string;

async function parser(): Promise<(argv: string[]) => Promise<Verdict>> {
  const groups = await Promise.all(Object.values(COMMAND_GROUPS).map((load) => load() as Promise<CommandGroup>));
  const style = await makeStyle(0);
  // A fresh program per parse (commander keeps option values), but one per distinct command line: of ~520
  // parses, ~230 are distinct (the same suggestion appears in many places).
  const seen = new Map<string, Promise<Verdict>>();
  return (argv) => {
    const key = JSON.stringify(argv);
    let v = seen.get(key);
    if (!v) seen.set(key, (v = parseOnce(argv)));
    return v;
  };
  async function parseOnce(argv: string[]): Promise<Verdict> {
    const sink = new PassThrough();
    sink.resume();
    const io = {
      cwd: '/',
      env: {},
      stdin: Readable.from([]),
      stdout: sink,
      stderr: sink,
      prompt: { input: Readable.from([]), output: sink },
    };
    const program = buildProgram(
      new Command('minilvb'),
      io,
      new Output({ json: false, verbose: false, stdout: sink, stderr: sink, style }),
    );
    let reached = false;
    const run: Runner = () => async () => {
      reached = true;
    };
    for (const g of groups) g.register(program, run);
    try {
      await program.parseAsync(argv, { from: 'user' });
      return reached ? 'runs' : 'help';
    } catch (e) {
      if (e instanceof CommanderError && e.code === 'commander.help') return 'help';
      if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version'))
        return argv.some((a) => a === '--help' || a === '-h' || a === '--version') ? 'runs' : 'help';
      if (e instanceof CommanderError) return e.message;
      throw e;
    }
  }
}

/**
 * Prose may go on after the command ("minilvb db verify lists the differences"): trailing words that are not options
 * may be dropped.
 */
async function verdict(parse: (argv: string[]) => Promise<Verdict>, argv: string[]): Promise<Verdict> {
  const first = await parse(argv);
  if (first === 'runs') return first;
  const lastOption = argv.map((a) => a.startsWith('-')).lastIndexOf(true);
  for (let n = argv.length - 1; n >= Math.max(1, lastOption + 1); n--) {
    if ((await parse(argv.slice(0, n))) === 'runs') return 'runs';
  }
  return first;
}

describe('every suggested command parses with the real CLI', () => {
  it('collects the suggestions of doctor fixes, hints, next steps, help examples and the README', () => {
    const all = suggestedCommands(new Set(Object.keys(COMMAND_GROUPS)));
    const where = new Set(all.map((s) => s.where.split(':')[0]));
    for (const file of [
      'README.md',
      'src/cli/commands/init.ts',
      'src/doctor/checks/database-connect.ts',
      'src/config/file.ts',
      'src/config/required.ts',
    ])
      assert.ok(where.has(file), file);
    assert.ok(all.length > 150, `${all.length} suggestions`);
  });

  it('each one reaches a command (no unknown command or option, no bare group)', async () => {
    const parse = await parser();
    const bad: string[] = [];
    for (const s of suggestedCommands(new Set(Object.keys(COMMAND_GROUPS)))) {
      let v = await verdict(parse, s.argv);
      for (const argv of s.variants) if (v !== 'runs') v = await verdict(parse, argv);
      // The README's overview names the command groups themselves ("`minilvb sign` mints …"); their help lists the
      // subcommands.
      if (v === 'help' && s.where.startsWith('README.md') && s.argv.length === 1) continue;
      if (v !== 'runs') bad.push(`${s.where}: minilvb ${s.argv.join(' ')} → ${v === 'help' ? 'only prints help' : v}`);
    }
    assert.deepEqual(bad, []);
  });

  it('so does each one printed at run time: doctor findings, init next steps, error hints', async () => {
    const groups = new Set(Object.keys(COMMAND_GROUPS));
    // Cloud endpoints on a closed loopback port: every check runs and fails fast, nothing leaves the machine.
    const offline = {
      liveEndpoint: 'http://127.0.0.1:1',
      imEndpoint: 'http://127.0.0.1:1',
      cosEndpoint: '127.0.0.1:1',
    };
    const broken = projectDir(
      currentConfig({
        cloud: { ...(currentConfig().cloud as object), ...offline },
        server: { publicUrl: 'http://127.0.0.1:1' },
        db: { host: '127.0.0.1', port: 1 },
      }),
    );
    const runs = [
      ['doctor', '--json', '--timeout', '2000'],
      ['config', 'validate'],
      ['sign', 'push', '--stream', 'x'],
      ['generate'],
    ].map((args) => ({ args, cwd: projectDir({ cloud: offline }) }));
    runs.push(
      { args: ['doctor', '--json', '--timeout', '2000'], cwd: broken },
      { args: ['init', '--yes', '--json', '--no-generate'], cwd: broken },
    );
    const found: Suggestion[] = [];
    for (const { args, cwd } of runs) {
      const r = await runCli(args, { cwd });
      const text = `${r.stdout}\n${r.stderr}`.replace(/\\n/g, '\n').replace(/\\"/g, '"');
      found.push(...text.split('\n').flatMap((line) => extract(line, `minilvb ${args.join(' ')}`, groups)));
    }
    assert.ok(found.length > 10, `${found.length} printed suggestions`);
    const parse = await parser();
    const bad: string[] = [];
    for (const s of found)
      if ((await verdict(parse, s.argv)) !== 'runs') bad.push(`${s.where}: minilvb ${s.argv.join(' ')}`);
    assert.deepEqual(bad, []);
  });

  it('the checker itself rejects what does not exist', async () => {
    const parse = await parser();
    assert.equal(await verdict(parse, ['db', '--reset-password']), "error: unknown option '--reset-password'");
    assert.equal(await verdict(parse, ['db']), 'help');
    assert.match(await verdict(parse, ['frobnicate', 'COS-APPID']), /unknown command 'frobnicate'/);
    assert.equal(await verdict(parse, ['db', 'provision', '--reset-password']), 'runs');
  });
});
