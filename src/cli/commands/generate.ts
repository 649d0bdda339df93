/** `minilvb generate`: renders every deployment file from the config into an output directory. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { FIELDS, FILE_FIELDS, requireConfig, type MinilvbConfig } from '../../config/index.js';
import { MinilvbError, UsageError } from '../../errors.js';
import {
  DEFAULT_OUT_DIR,
  inspectTargets,
  OUTPUT_NAMES,
  planFiles,
  writeTargets,
  type SkippedFile,
  type WrittenFile,
} from '../../templates/index.js';
import { VERSION } from '../../version.js';
import { defineOptions } from '../options.js';
import type { CommandContext } from '../context.js';
import { result } from '../output/output.js';
import type { Style } from '../output/style.js';
import { defineCommand, type Runner } from '../run.js';

const CONFIG_PATHS = [...FIELDS.map((f) => f.path), ...Object.keys(FILE_FIELDS)];

const GENERATE_OPTIONS = defineOptions({
  out: { flags: '-o, --out <dir>', description: 'output directory', default: DEFAULT_OUT_DIR },
  only: { flags: '--only <names>', description: `comma-separated files or groups: ${OUTPUT_NAMES.join(', ')}` },
  force: {
    flags: '--force',
    description: 'overwrite existing files that differ (default: ask, or fail with --yes / no TTY)',
  },
});

/** What generate did, for --json and the human summary. */
export interface GenerateData {
  outDir: string;
  files: WrittenFile[];
  skipped: SkippedFile[];
}

export function register(program: Command, run: Runner): void {
  const cmd = program
    .command('generate')
    .description(
      'render the deployment files (PHP conf, RoomTool config.js, app ' +
        'constants, nginx, systemd, CVM script) from the config',
    );
  cmd.addHelpText(
    'after',
    `
Examples:
  $ minilvb generate                                 every file into ./${DEFAULT_OUT_DIR}
  $ minilvb generate --only php,nginx --out /tmp/x   the PHP server conf and the nginx sites
  $ minilvb generate --only cvm-script --force       regenerate the paste-into-the-CVM-shell script`,
  );
  defineCommand(cmd, run, { options: GENERATE_OPTIONS, config: CONFIG_PATHS }, async (ctx, opts) => {
    const loaded = await ctx.loadConfig();
    requireConfig(loaded, [], []);
    const only = opts.only
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const data = await generateInto(ctx, loaded.config, {
      outDir: opts.out,
      force: Boolean(opts.force),
      ...(only ? { only } : {}),
    });
    const warnings = loaded.issues.filter((i) => i.severity === 'warning').map((i) => `${i.path}: ${i.message}`);
    return result('generate', data, renderGenerate, { warnings });
  });
}

/** Renders and writes the files; shared by `init`. Existing differing files need --force or a yes at the prompt. */
export async function generateInto(
  ctx: CommandContext,
  config: MinilvbConfig,
  opts: GenerateOptions,
): Promise<GenerateData> {
  return (await prepareGenerate(ctx, config, opts)).write();
}

/** Options of generateInto / prepareGenerate. */
export interface GenerateOptions {
  outDir: string;
  force: boolean;
  only?: string[];
  /** Files that may be overwritten without asking (init: those still exactly as the previous config rendered them). */
  safe?: ReadonlySet<string>;
}

/**
 * Everything generate decides before touching the disk: the plan, and which differing files to
 * overwrite (asking, or failing with MLVB_FILE_EXISTS). `init` calls it before writing the
 * config, so a refusal really leaves nothing written.
 */
export async function prepareGenerate(
  ctx: CommandContext,
  config: MinilvbConfig,
  opts: GenerateOptions,
): Promise<{ write(): Promise<GenerateData> }> {
  assertDirectory(resolve(ctx.io.cwd, opts.outDir));
  const plan = planFiles(config, {
    version: VERSION,
    date: new Date().toISOString().slice(0, 10),
    ...(opts.only ? { only: opts.only } : {}),
  });
  if (plan.files.length === 0) {
    throw new MinilvbError(
      'MLVB_CONFIG_MISSING',
      `Nothing to generate:\n${plan.skipped.map((s) => `  - ${s.path}: ${s.reason}`).join('\n')}`,
      {
        hint: 'Run `minilvb init` to set the credentials first.',
        details: { skipped: plan.skipped },
      },
    );
  }
  const outDir = resolve(ctx.io.cwd, opts.outDir);
  const targets = await inspectTargets(outDir, plan.files);
  const safe = opts.safe ?? new Set<string>();
  const overwrite = new Set(
    targets.filter((t) => t.state === 'differs' && safe.has(t.file.name)).map((t) => t.file.name),
  );
  const differing = targets.filter((t) => t.state === 'differs' && !overwrite.has(t.file.name));
  if (differing.length > 0 && opts.force) {
    for (const t of differing) overwrite.add(t.file.name);
  } else if (differing.length > 0 && ctx.interactive) {
    const { confirm } = await import('@inquirer/prompts');
    ctx.output.info(`These files exist and would change:\n${differing.map((t) => `  ${t.absolute}`).join('\n')}`);
    const yes = await confirm(
      { message: `Overwrite ${differing.length} file${differing.length > 1 ? 's' : ''}?`, default: false },
      ctx.io.prompt,
    );
    if (yes) for (const t of differing) overwrite.add(t.file.name);
  } else if (differing.length > 0) {
    throw new MinilvbError(
      'MLVB_FILE_EXISTS',
      `${differing.length} file${differing.length > 1 ? 's' : ''} already exist` +
        `${differing.length > 1 ? '' : 's'} with other content:\n` +
        `${differing.map((t) => `  - ${t.absolute}`).join('\n')}`,
      {
        hint: 'Pass --force to overwrite them, or --out <dir> to write elsewhere. Nothing was written.',
        details: { files: differing.map((t) => t.absolute) },
      },
    );
  }
  return { write: async () => ({ outDir, files: await writeTargets(targets, overwrite), skipped: plan.skipped }) };
}

/** --out must be a directory (or not exist yet): a file there made every write fail with ENOTDIR (exit 3). */
function assertDirectory(outDir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(outDir).isDirectory();
  } catch (e) {
    // Missing is fine (it is created); a file somewhere in the path is not.
    isDir = (e as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
  if (!isDir) {
    throw new UsageError(`--out ${outDir} is not a directory (a file is in the way).`, {
      hint: 'Give a directory (it is created if missing), e.g. --out minilvb-files. Nothing was written.',
    });
  }
}

export function renderGenerate(data: GenerateData, s: Style): string {
  const lines = [s.bold(`Deployment files in ${data.outDir}`)];
  const label: Record<WrittenFile['status'], string> = {
    created: s.green('created    '),
    overwritten: s.yellow('overwritten'),
    unchanged: s.dim('unchanged  '),
    kept: s.yellow('kept (differs; --force to overwrite)'),
  };
  for (const f of data.files) lines.push(`  ${label[f.status]} ${f.path} ${s.dim(`(${f.mode})`)}`);
  for (const k of data.skipped) lines.push(`  ${s.dim('skipped    ')} ${k.path} ${s.dim(`— ${k.reason}`)}`);
  return lines.join('\n');
}
