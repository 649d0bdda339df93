/**
 * `minilvb init`: gathers the credentials (prompts, flags, environment, --from, --import), checks
 * them all with the config model, writes the config file (atomic, 0600) and runs generate.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  DEFAULT_CONFIG_FILE,
  FIELD_BY_PATH,
  FIELDS,
  FILE_FIELDS,
  getPath,
  readConfigFile,
  writeConfigFile,
  type LoadedConfig,
  type MinilvbConfig,
  type RawConfig,
} from '../../config/index.js';
import { EXIT, MinilvbError } from '../../errors.js';
import { DEFAULT_OUT_DIR } from '../../templates/index.js';
import { composeConfig } from '../../init/compose-config.js';
import {
  applyAnswers,
  loadForInit,
  untouchedFiles,
  validateDocument,
  type Answers,
  type InitPlace,
} from '../../init/document.js';
import { nextSteps } from '../../init/next-steps.js';
import { draftPath, readDraft, removeDraft, writeDraft, type DraftValues } from '../../init/draft.js';
import { readFromFile, type GatheredValues } from '../../init/from-file.js';
import { importDeployment, type ImportResult } from '../../init/import/import-deployment.js';
import { initProblems, initWarnings } from '../../init/init-problems.js';
import { questionsFor } from '../../init/questions.js';
import { mask } from '../../secrets/mask.js';
import { CancelledError, isCancel } from '../cancel.js';
import { defineOptions, type HandlerArgs } from '../options.js';
import type { CommandContext } from '../context.js';
import { result } from '../output/output.js';
import type { Style } from '../output/style.js';
import { defineCommand, type Runner } from '../run.js';
import { prepareGenerate, renderGenerate, type GenerateData } from './generate.js';
import { offerCloudApply } from './cloud-offer.js';
import { askInteractive, summarise } from './init-interactive.js';

const CONFIG_PATHS = [...FIELDS.map((f) => f.path), ...Object.keys(FILE_FIELDS)];

const INIT_OPTIONS = defineOptions({
  from: {
    flags: '--from <file>',
    description: 'read values from a JSON file (config-file shape) or an env file (MINILVB_X=value lines)',
  },
  import: {
    flags: '--import <dir>',
    description:
      'read an existing PHP deployment: conf/OutDefine.php, ' +
      'conf/cdn.route.ini, deps/sig/private_key, RoomTool config.js',
  },
  out: { flags: '-o, --out <dir>', description: 'where generate writes the files', default: DEFAULT_OUT_DIR },
  force: { flags: '--force', description: 'overwrite generated files that differ' },
  generate: { flags: '--no-generate', description: 'only write the config file' },
});
type InitOpts = HandlerArgs<typeof INIT_OPTIONS>;

interface InitData {
  configFile: string;
  profile: string | null;
  written: boolean;
  credentials: string;
  imported: string[];
  fields: { path: string; label: string; value: string | number }[];
  generate: GenerateData | null;
  /** The commands to run next, in order. */
  next: string[];
}

export function register(program: Command, run: Runner): void {
  const cmd = program
    .command('init')
    .description(
      'set up the credentials (asks, or takes flags / env / --from / ' +
        '--import), write the config, generate the deployment files',
    );
  cmd.addHelpText(
    'after',
    `
Examples:
  $ minilvb init                                     asked question by question, grouped by service
  $ minilvb init --import /data/live_demo_service    adopt an existing PHP deployment
  $ minilvb init --yes --from ci.env                 CI: every value from a file; all problems reported at once
  $ MINILVB_API_KEY=… minilvb init --yes --credentials current --im-sdkappid 1400000000 …`,
  );
  defineCommand(cmd, run, { options: INIT_OPTIONS, config: CONFIG_PATHS }, async (ctx, opts) => {
    const configFile = resolve(ctx.io.cwd, ctx.globals.config ?? ctx.io.env.MINILVB_CONFIG ?? DEFAULT_CONFIG_FILE);
    const existing: RawConfig = existsSync(configFile) ? await readConfigFile(configFile) : {};
    const profile = ctx.globals.profile ?? ctx.io.env.MINILVB_PROFILE;

    const imported = opts.import ? await importDeployment(resolve(ctx.io.cwd, opts.import)) : undefined;
    const from = opts.from ? await readFromFile(resolve(ctx.io.cwd, opts.from)) : undefined;
    const flags = ctx.configFlags;
    const draftFile = draftPath(configFile);
    const draft = ctx.interactive ? await readDraft(draftFile) : undefined;
    if (draft) ctx.output.info(`The answers of the cancelled init (${draftFile}) are offered as defaults.`);
    const overrides = { ...draft, ...imported?.values, ...from?.values, ...flags };
    registerSecrets(ctx, overrides);
    for (const w of imported?.warnings ?? []) ctx.output.warn(w);

    const place: InitPlace = { cwd: ctx.io.cwd, env: ctx.io.env, configFile, profile };
    const loaded = await loadForInit(place, existing, overrides);
    for (const secret of loaded.secrets) ctx.output.redactor.add(secret);
    const answers: Answers = { values: {}, unset: [] };
    const keepOnCancel = cancelKeeper(draftFile, draft, answers);
    const fromIssues = ctx.interactive ? [] : (from?.issues ?? []);
    if (ctx.interactive) {
      for (const i of [...loaded.issues, ...(from?.issues ?? [])].filter((x) => x.severity === 'error'))
        ctx.output.warn(
          `${i.path}: ${i.message}${FIELD_BY_PATH.has(i.path) ? ' — you will be asked again' : ' (ignored)'}`,
        );
      await keepOnCancel(() => askInteractive(ctx, loaded, answers));
      registerSecrets(ctx, answers.values);
    } else {
      const problem = initProblems(loaded, fromIssues);
      if (problem) throw problem;
    }

    const doc = applyAnswers(composeConfig(existing, loaded, profile ? { profile } : {}), answers, profile);
    const final = await validateDocument(place, doc);
    for (const secret of final.secrets) ctx.output.redactor.add(secret);
    const problem = initProblems(final, fromIssues);
    if (problem) throw problem;
    const warnings = [...initWarnings(final), ...(from?.issues.filter((i) => i.severity === 'warning') ?? [])].map(
      (i) => `${i.path}: ${i.message}`,
    );

    const paths = ['credentials', 'protocol', ...questionsFor(final.config).map((q) => q.path)];
    const effective = Object.fromEntries(paths.map((p) => [p, getPath(final.config, p)]));
    if (ctx.interactive) {
      ctx.output.info(
        `\n${ctx.output.style.bold('Summary')} (secrets masked)\n${summarise(effective, paths).join('\n')}`,
      );
      const { confirm } = await import('@inquirer/prompts');
      const yes = await keepOnCancel(() =>
        confirm(
          {
            message: `Write ${configFile}${opts.generate ? ' and generate the deployment files' : ''}?`,
            default: true,
          },
          ctx.io.prompt,
        ),
      );
      if (!yes)
        return result(
          'init',
          initData(configFile, profile, false, final, effective, paths, imported, null),
          renderInit,
          { exitCode: EXIT.failure },
        );
    }
    // Every overwrite decision is made before the config is written, so a refusal leaves nothing changed.
    const prepared = opts.generate
      ? await keepOnCancel(() => prepareForInit(ctx, final.config, place, opts))
      : undefined;
    await writeConfigFile(configFile, doc);
    await removeDraft(draftFile);
    const generated = prepared ? await prepared.write() : null;
    await offerCloudApply(ctx, final.config);
    return result(
      'init',
      initData(configFile, profile, true, final, effective, paths, imported, generated),
      renderInit,
      { warnings },
    );
  });
}

/** Runs a prompt step; on Ctrl-C keeps every answer given so far in the draft file, then cancels. */
function cancelKeeper(draftFile: string, draft: DraftValues | undefined, answers: Answers) {
  return async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (e) {
      if (!isCancel(e)) throw e;
      const values: DraftValues = { ...draft, ...answers.values };
      for (const p of answers.unset) delete values[p];
      if (Object.keys(values).length === 0) throw new CancelledError('nothing was written');
      await writeDraft(draftFile, values);
      throw new CancelledError(
        `nothing was written; the answers so far are kept in ${draftFile} (0600) for the next minilvb init`,
      );
    }
  };
}

/** Files the previous config generated and nobody edited follow the new values without asking. */
async function prepareForInit(
  ctx: CommandContext,
  config: MinilvbConfig,
  place: InitPlace,
  opts: InitOpts,
): Promise<{ write(): Promise<GenerateData> }> {
  const safe = await untouchedFiles(place, opts.out);
  try {
    return await prepareGenerate(ctx, config, { outDir: opts.out, force: Boolean(opts.force), safe });
  } catch (e) {
    if (!(e instanceof MinilvbError) || e.code !== 'MLVB_FILE_EXISTS') throw e;
    throw new MinilvbError(e.code, e.message, {
      hint:
        'These files differ from what the previous config generates (edited by ' +
        'hand?). Pass --force to overwrite them, --out <dir> to write elsewhere, ' +
        'or --no-generate to only update the config. Nothing was written.',
      ...(e.details ? { details: e.details } : {}),
    });
  }
}

function registerSecrets(ctx: CommandContext, values: Record<string, unknown>): void {
  for (const [path, v] of Object.entries(values)) {
    const def = FIELD_BY_PATH.get(path);
    if ((def?.secret || def?.kind === 'pem') && typeof v === 'string') ctx.output.redactor.add(v);
  }
}

function initData(
  configFile: string,
  profile: string | undefined,
  written: boolean,
  final: LoadedConfig,
  effective: Record<string, unknown>,
  paths: string[],
  imported: ImportResult | undefined,
  generated: GenerateData | null,
): InitData {
  const fields = paths
    .filter((p) => effective[p] !== undefined)
    .map((p) => {
      const def = FIELD_BY_PATH.get(p);
      const v = effective[p] as string | number;
      return { path: p, label: def?.label ?? p, value: def?.secret || def?.kind === 'pem' ? mask(String(v)) : v };
    });
  return {
    configFile,
    profile: profile ?? null,
    written,
    credentials: final.config.credentials,
    imported: imported?.files ?? [],
    fields,
    generate: generated,
    next: nextSteps(final.config),
  };
}

function renderInit(data: InitData, s: Style): string {
  if (!data.written) return s.yellow(`Nothing written (${data.configFile} unchanged).`);
  const lines = [
    s.green(
      `✓ wrote ${data.configFile}${data.profile ? ` (profile ${data.profile})` : ''} — ${data.credentials} credentials`,
    ),
  ];
  if (data.imported.length) lines.push(`  imported from ${data.imported.join(', ')}`);
  if (data.generate) lines.push('', renderGenerate(data.generate, s));
  lines.push('', 'Next:', ...data.next.map((step) => `  $ ${step}`));
  return lines.join('\n');
}

export type { GatheredValues };
