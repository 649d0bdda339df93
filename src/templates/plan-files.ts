/**
 * Renders the generated files in memory (pure: config in, contents out). Writing them is
 * write-files.ts; the CLI decides about overwrites.
 */
import { FIELD_BY_PATH } from '../config/fields.js';
import { getPath } from '../config/file.js';
import type { MinilvbConfig } from '../config/schema.js';
import { InternalError, MinilvbError, UsageError } from '../errors.js';
import { render, TemplateError, UnwritableValueError, type TemplateView } from './engine.js';
import { FILTERS } from './filters.js';
import { OUTPUTS, type OutputDef } from './outputs.js';
import { loadTemplate } from './template-store.js';
import { buildView, type GenerationMeta } from './view.js';

/** A rendered file, not yet written. */
export interface PlannedFile {
  name: string;
  /** Relative to the output directory. */
  path: string;
  mode: number;
  title: string;
  content: string;
}

/** A file that was not rendered, and why. */
export interface SkippedFile {
  name: string;
  path: string;
  reason: string;
  missing?: string[];
}

/** What generate would write. */
export interface FilePlan {
  files: PlannedFile[];
  skipped: SkippedFile[];
}

/** Options of planFiles. */
export interface PlanOptions extends GenerationMeta {
  /** Output names or group names; empty/undefined: every file. */
  only?: readonly string[];
}

export function planFiles(config: MinilvbConfig, options: PlanOptions): FilePlan {
  const selected = selectOutputs(options.only);
  const view = buildView(config, options);
  const rendered = new Map<string, PlannedFile>();
  const skipped: SkippedFile[] = [];
  const unwritable: { name: string; error: UnwritableValueError }[] = [];
  const renderOne = (def: OutputDef, data: TemplateView): void => {
    const reason = def.skip?.(config);
    const missing = def.needs(config).filter((p) => getPath(config, p) === undefined);
    if (reason || missing.length > 0) {
      skipped.push({
        name: def.name,
        path: def.path,
        reason: reason ?? `missing ${missing.join(', ')}`,
        ...(reason ? {} : { missing }),
      });
      return;
    }
    try {
      const content = render(loadTemplate(def.template(config)), data, FILTERS, def.path);
      rendered.set(def.name, { name: def.name, path: def.path, mode: def.mode, title: def.title, content });
    } catch (e) {
      if (e instanceof UnwritableValueError) unwritable.push({ name: def.name, error: e });
      else if (e instanceof TemplateError) throw new InternalError(`Template bug: ${e.message}`, { cause: e });
      else throw e;
    }
  };
  for (const def of OUTPUTS) if (def.name !== 'cvm-script') renderOne(def, view);
  const script = OUTPUTS.find((d) => d.name === 'cvm-script') as OutputDef;
  if (rendered.has('outdefine')) {
    renderOne(script, {
      ...view,
      script: {
        phpRoot: config.server.phpRoot,
        phpUser: config.server.phpUser,
        outDefine: rendered.get('outdefine')?.content,
        routeIni: rendered.get('cdn-route')?.content,
        privateKey: rendered.get('private-key')?.content,
      },
    });
  } else if (!unwritable.some((u) => u.name === 'outdefine')) {
    skipped.push({ ...skippedLike(skipped, 'outdefine'), name: script.name, path: script.path });
  }
  // Only the files asked for count (and those the CVM script embeds, when it is asked for).
  const needed = new Set([
    ...selected,
    ...(selected.has('cvm-script') ? ['outdefine', 'cdn-route', 'private-key'] : []),
  ]);
  const blocking = unwritable.filter((u) => needed.has(u.name)).map((u) => u.error);
  if (blocking.length > 0) throw unwritableError(blocking);

  const files = OUTPUTS.filter((d) => selected.has(d.name))
    .map((d) => rendered.get(d.name))
    .filter((f): f is PlannedFile => f !== undefined);
  const skippedSelected = skipped.filter((s) => selected.has(s.name));
  // Without --only, the core credentials (those of OutDefine.php) must be there: every deployment needs them.
  const explicit = options.only?.length ? options.only.filter((n) => OUTPUTS.some((d) => d.name === n)) : ['outdefine'];
  const missingExplicit = skippedSelected.filter((s) => explicit.includes(s.name));
  if (missingExplicit.length > 0) throw cannotRender(missingExplicit);
  return { files, skipped: skippedSelected };
}

function skippedLike(skipped: SkippedFile[], name: string): SkippedFile {
  const s = skipped.find((x) => x.name === name);
  return {
    name,
    path: '',
    reason: s ? `needs conf/OutDefine.php: ${s.reason}` : 'needs conf/OutDefine.php',
    ...(s?.missing ? { missing: s.missing } : {}),
  };
}

/** Output and group names accepted by --only. */
export const OUTPUT_NAMES: readonly string[] = [
  ...new Set([...OUTPUTS.map((d) => d.name), ...OUTPUTS.map((d) => d.group)]),
];

function selectOutputs(only: readonly string[] | undefined): Set<string> {
  if (!only || only.length === 0) return new Set(OUTPUTS.map((d) => d.name));
  const unknown = only.filter((n) => !OUTPUT_NAMES.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown file name${unknown.length > 1 ? 's' : ''} for --only: ${unknown.join(', ')}.`, {
      hint: `Use any of: ${OUTPUT_NAMES.join(', ')}.`,
    });
  }
  return new Set(OUTPUTS.filter((d) => only.includes(d.name) || only.includes(d.group)).map((d) => d.name));
}

function unwritableError(errors: UnwritableValueError[]): MinilvbError {
  const lines = errors.map((e) => `  - ${e.message}`);
  return new MinilvbError('MLVB_INPUT_INVALID', `Some values cannot be written safely:\n${lines.join('\n')}`, {
    hint:
      'Fix these values (a stray newline or quote from copy-paste?) with ' +
      '`minilvb init` or in minilvb.config.json; nothing was written.',
    details: { unwritable: errors.map((e) => ({ field: e.variable, file: e.template, reason: e.reason })) },
  });
}

function cannotRender(skipped: SkippedFile[]): MinilvbError {
  const missing = [...new Set(skipped.flatMap((s) => s.missing ?? []))];
  const lines = skipped.map((s) => `  - ${s.path}: ${s.reason}`);
  const how = missing.map(
    (p) => `  - ${p}: ${FIELD_BY_PATH.get(p)?.flag ?? ''} or ${FIELD_BY_PATH.get(p)?.env[0] ?? ''}`,
  );
  return new MinilvbError(
    missing.length > 0 ? 'MLVB_CONFIG_MISSING' : 'MLVB_INPUT_INVALID',
    `Cannot generate the requested files:\n${[...lines, ...(how.length ? ['Set:', ...how] : [])].join('\n')}`,
    {
      hint: 'Run `minilvb init` to set the missing values, or drop these names from --only.',
      details: { skipped },
    },
  );
}
