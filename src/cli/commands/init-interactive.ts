/**
 * The interactive half of `minilvb init`: asks the question catalogue with @inquirer/prompts
 * (loaded lazily), checking each answer with the config model's own rules as it is typed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  FIELD_BY_PATH,
  getPath,
  isConfigPath,
  type Credentials,
  type LoadedConfig,
  type Protocol,
} from '../../config/index.js';
import { validateField } from '../../config/validate-field.js';
import { GROUP_TITLES, questionsFor, requiredPaths, type Question, type QuestionGroup } from '../../init/questions.js';
import type { Answers } from '../../init/document.js';
import { mask } from '../../secrets/mask.js';
import type { CommandContext } from '../context.js';
import { askPem } from './pem-prompt.js';

const GROUPS: readonly QuestionGroup[] = ['LVB', 'IM', 'COS', 'server', 'database', 'cloud'];

/** Fills `answers` as the questions are answered, so a cancel keeps the ones given so far. */
export async function askInteractive(ctx: CommandContext, loaded: LoadedConfig, answers: Answers): Promise<Answers> {
  const { input, password, select, confirm } = await import('@inquirer/prompts');
  const io = ctx.io.prompt;
  const s = ctx.output.style;
  const current = (p: string): unknown =>
    p in answers.values
      ? answers.values[p]
      : answers.unset.includes(p) || !isConfigPath(p)
        ? undefined
        : getPath(loaded.config, p);

  const credentials = await select<Credentials>(
    {
      message: 'Credential generation',
      choices: [
        { name: 'current — IM SDKAppID + secret key (HMAC UserSig)', value: 'current' },
        { name: 'legacy — IM accountType + ECDSA key files, LVB APP_ID/APP_BIZID', value: 'legacy' },
      ],
      default: loaded.config.credentials,
    },
    io,
  );
  answers.values.credentials = credentials;
  answers.values.protocol = await select<Protocol>(
    {
      message: 'App protocol',
      choices: [
        { name: 'path — apps from 2018 on (POST /login …)', value: 'path' },
        { name: 'action — 2016–17 apps (POST /interface.php)', value: 'action' },
      ],
      default: loaded.config.protocol,
    },
    io,
  );

  for (const group of GROUPS) {
    ctx.output.info(`\n${s.bold(GROUP_TITLES[group])}`);
    if (group === 'database') {
      const useDb = await confirm(
        {
          message:
            'Use a MySQL/MariaDB database? (no: minilvb serve uses its embedded ' +
            'store; the PHP server always needs one)',
          default: loaded.config.db !== undefined,
        },
        io,
      );
      if (!useDb) {
        answers.unset.push('db.host', 'db.port', 'db.name', 'db.user', 'db.password');
        continue;
      }
    }
    const required = new Set<string>(requiredPaths(credentials, true));
    for (const question of questionsFor({ credentials }).filter((x) => x.group === group)) {
      const answer = await ask(question, required.has(question.path));
      if (answer === null) answers.unset.push(question.path);
      else if (answer !== undefined) answers.values[question.path] = answer;
    }
  }
  return answers;

  /** undefined: keep the current value; null: clear it. */
  async function ask(q: Question, required: boolean): Promise<string | number | null | undefined> {
    const def = q.field;
    const existing = current(q.path);
    const context = { credentials, get: current };
    ctx.output.info(
      s.dim(
        `  ${def.where}${def.example ? ` — e.g. ${def.example}` : ''}${required ? '' : ' (optional; - clears it)'}`,
      ),
    );
    let typed: string | number | undefined;
    const check = (text: string): string | true => {
      const value = q.pemFile ? pemOrPath(text) : text.trim();
      if (typeof value === 'object') return value.error;
      const verdict = validateField(q.path, value, context);
      if (!verdict.ok)
        return verdict.errors.map((e) => `${e.message}${e.expected ? ` (expected: ${e.expected})` : ''}`).join('; ');
      typed = verdict.value;
      for (const w of verdict.warnings)
        ctx.output.warn(`${def.label} ${w.message}${w.expected ? ` (usually: ${w.expected})` : ''}`);
      return true;
    };
    const validate = (raw: string): string | true => {
      const text = raw.trim();
      if (text === '' && existing !== undefined && (def.secret || q.pemFile)) return true;
      if (text === '' || text === '-') return required ? `${def.label} is required` : true;
      return check(text);
    };
    let raw: string;
    if (q.pemFile) {
      raw = await askPem(
        io,
        `${def.label}: the downloaded file's path or its PEM text${existing ? ' (Enter keeps the current key)' : ''}`,
        validate,
      );
    } else if (def.secret) {
      const keep = typeof existing === 'string' ? ` (Enter keeps ${mask(existing)})` : '';
      raw = await password({ message: `${def.label}${keep}`, mask: '*', validate }, io);
    } else {
      const shown = existing ?? def.default;
      raw = await input(
        {
          message: def.label,
          ...(shown !== undefined ? { default: String(shown) } : {}),
          validate,
          theme: { validationFailureMode: 'clear' },
        },
        io,
      );
    }
    const text = raw.trim();
    if (text === '-') return null;
    if (text === '') return undefined;
    return typed;
  }

  /** Pasted PEM text as it is; anything else is the path of the key file. */
  function pemOrPath(text: string): string | { error: string } {
    if (text.includes('-----BEGIN')) return text;
    const path = text.trim();
    try {
      return readFileSync(resolve(ctx.io.cwd, path), 'utf8');
    } catch (e) {
      return { error: `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
    }
  }
}

/** The masked summary shown before writing. */
export function summarise(values: Readonly<Record<string, unknown>>, paths: readonly string[]): string[] {
  return paths
    .filter((p) => values[p] !== undefined)
    .map((p) => {
      const def = FIELD_BY_PATH.get(p);
      const v = values[p];
      return `  ${(def?.label ?? p).padEnd(28)} ${def?.secret || def?.kind === 'pem' ? mask(String(v)) : String(v)}`;
    });
}
