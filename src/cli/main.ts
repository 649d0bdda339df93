/**
 * The CLI entry: parses argv with commander, loads only the command group that was named, and is
 * the one place that turns errors into exit codes (0 ok, 1 failure, 2 usage/config, 3 internal).
 */
import type { Command, CommanderError } from 'commander';
import { EXIT, UsageError, toMinilvbError } from '../errors.js';
import { VERSION } from '../version.js';
import type { CliIO } from './context.js';
import type { Output } from './output/output.js';
import type { CommandGroup } from './registry.js';
import type { RunState } from './run.js';
import { cancelLine, isCancel } from './cancel.js';
import { stdWriter } from './stdio.js';

export function defaultIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    // A getter: creating process.stdin costs milliseconds of startup, and most commands never read it.
    get stdin() {
      return process.stdin;
    },
    stdout: stdWriter(1),
    stderr: stdWriter(2),
    get prompt() {
      return { input: process.stdin, output: process.stderr };
    },
  };
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  // Loaded only past the --version fast path: startup time is a benchmarked target (npm run bench).
  const [commander, { COMMAND_GROUPS }, { makeRunner }] = await Promise.all([
    import('commander'),
    import('./registry.js'),
    import('./run.js'),
  ]);
  const output = await makeOutput(argv, io);
  const state: RunState = { exitCode: EXIT.ok };
  const program = buildProgram(new commander.Command('minilvb'), io, output);
  try {
    const [group, subcommand] = commandWords(argv);
    const named = group !== undefined && COMMAND_GROUPS[group] !== undefined;
    const names = named ? [group] : Object.keys(COMMAND_GROUPS);
    const run = makeRunner(io, output, state);
    for (const name of names)
      (await (COMMAND_GROUPS[name] as () => Promise<CommandGroup>)()).register(
        program,
        run,
        named ? subcommand : undefined,
      );
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (err) {
    if (err instanceof commander.CommanderError) return commanderExit(err, output);
    if (isCancel(err)) {
      // Ctrl-C at a prompt is the user's choice, not a bug: one line, the shell's SIGINT status.
      io.stderr.write(`${cancelLine(err)}\n`);
      return EXIT_CANCELLED;
    }
    const e = toMinilvbError(err);
    output.error(e);
    return e.exitCode;
  }
}

/** The exit status of a process ended by Ctrl-C (128 + SIGINT), what shells report for a cancel. */
export const EXIT_CANCELLED = 130;

/** The first two words that are not options or global options' values: the command group and its subcommand. */
function commandWords(argv: string[]): [string | undefined, string | undefined] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i] as string;
    if (a === '-c' || a === '--config' || a === '-p' || a === '--profile') i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  return [words[0], words[1]];
}

async function makeOutput(argv: string[], io: CliIO): Promise<Output> {
  const [{ Output }, { colorLevel, makeStyle }] = await Promise.all([
    import('./output/output.js'),
    import('./output/style.js'),
  ]);
  const json = argv.includes('--json');
  const level = colorLevel({
    color: !argv.includes('--no-color') && !json,
    env: io.env,
    isTTY: Boolean(io.stdout.isTTY),
  });
  return new Output({
    json,
    verbose: argv.includes('--verbose') || argv.includes('-v'),
    stdout: io.stdout,
    stderr: io.stderr,
    style: await makeStyle(level),
    // A spinner needs a known width: ora divides by the column count, and a 0×0 terminal (`script -c`) made it loop
    // forever.
    ...(io.stderr.isTTY && io.env.CI === undefined && (process.stderr.columns ?? 0) > 0
      ? { progressStream: process.stderr }
      : {}),
  });
}

/**
 * The root program with its global options; command groups register themselves on it. Exported for the test that parses
 * every suggested command.
 */
export function buildProgram(root: Command, io: CliIO, output: Output): Command {
  const program = root
    .description("Deploy, run and diagnose the backend of Tencent Cloud's Mini LVB (小直播) demo app.")
    .version(VERSION, '-V, --version')
    .option('-c, --config <file>', 'config file (default: ./minilvb.config.json, or MINILVB_CONFIG)')
    .option('-p, --profile <name>', 'named profile inside the config file (or MINILVB_PROFILE)')
    .option('--json', 'print one JSON document on stdout (results and errors)')
    .option('-y, --yes', 'never prompt; a missing value is an error')
    .option('-v, --verbose', 'print debug information on stderr')
    .option('--no-color', 'disable colours (also NO_COLOR; FORCE_COLOR forces them)')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Commander writes a group's help here when no subcommand is given (`minilvb sign`): show it, never nothing.
      // With --json stdout holds one JSON document: commanderExit reports the missing subcommand instead.
      writeErr: (s) => {
        if (!output.json) io.stdout.write(s);
      },
      outputError: () => {},
    })
    .addHelpText(
      'after',
      `
Examples:
  $ minilvb init                          set up credentials interactively
  $ minilvb sign push --stream demo       a signed push URL for OBS / ffmpeg
  $ minilvb serve                         run the bundled server (embedded store)
  $ minilvb doctor                        find what is wrong with a deployment

Exit codes: 0 ok, 1 a check or operation failed, 2 usage or config error, 3 internal error.`,
    );
  program.hook('preAction', (_this, action) => {
    if (action.opts().json || program.opts().json) output.debug('json output');
  });
  return program;
}

function commanderExit(err: CommanderError, output: Output): number {
  if (err.code === 'commander.help' && output.json) {
    output.error(
      new UsageError('A subcommand is required.', {
        hint: 'Run the command without --json (or with --help) to list its subcommands.',
      }),
    );
    return EXIT.usage;
  }
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
    return EXIT.ok;
  if (err.code === 'commander.executeSubCommandAsync') return EXIT.ok;
  const message = err.message.replace(/^error: /, '');
  output.error(
    new UsageError(message.charAt(0).toUpperCase() + message.slice(1), {
      hint: 'Run `minilvb --help` (or `minilvb <command> --help`) for the usage.',
    }),
  );
  return EXIT.usage;
}
