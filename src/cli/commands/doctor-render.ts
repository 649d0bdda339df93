/** Human rendering of a doctor report: grouped, one line per healthy check, cause and fix for the rest. */
import {
  CHECK_GROUPS,
  faqAliases,
  type CheckFix,
  type CheckResult,
  type CheckStatus,
  type Finding,
  type ServerUrlSource,
} from '../../doctor/index.js';
import type { FixResult } from '../../doctor/fix/run-fixes.js';
import type { DoctorSummary } from '../../doctor/index.js';
import type { Style } from '../output/style.js';

/** The `data` of `minilvb doctor --json`. */
export interface DoctorData {
  configFile: string | null;
  server: string | null;
  /** Where the probed server URL came from. */
  serverFrom: ServerUrlSource;
  strict: boolean;
  summary: DoctorSummary;
  durationMs: number;
  checks: CheckResult[];
  /** `--fix`: each repair offered, whether it was applied, and the check's status before and after. */
  fixes?: FixResult[];
  /** `--report`: where the support bundle was written. */
  supportBundle?: string;
}

const GROUP_TITLES: Record<string, string> = {
  config: 'Configuration',
  server: 'Server',
  callback: 'Callbacks',
  app: 'App flow (as the app does it)',
  database: 'Database',
  cos: 'COS (object storage)',
  lvb: 'Live streaming (LVB)',
  im: 'IM (chat)',
  keys: 'Keys across systems',
  logs: 'Logs',
  roomservice: 'RoomService (LiveRoom backend; run by name: minilvb doctor roomservice)',
};

export function symbol(status: CheckStatus | Finding['status'], s: Style): string {
  switch (status) {
    case 'pass':
      return s.green('✓');
    case 'warn':
      return s.yellow('!');
    case 'fail':
      return s.red('✗');
    case 'inconclusive':
      return s.yellow('?');
    case 'error':
      return s.red('?');
    default:
      return s.dim('-');
  }
}

export function renderReport(data: DoctorData, s: Style, verbose: boolean): string {
  const lines: string[] = [];
  const head = [
    `minilvb doctor`,
    data.configFile ? `config ${data.configFile}` : 'no config file',
    data.server ? `server ${data.server}` : undefined,
  ].filter(Boolean);
  lines.push(s.bold(head.join(' · ')));
  if (data.server)
    lines.push(s.dim(`probing ${data.server} (from ${data.serverFrom}); probe another server with --server <url>`));
  for (const group of CHECK_GROUPS) {
    const inGroup = data.checks.filter((c) => c.group === group);
    if (inGroup.length === 0) continue;
    lines.push('', s.bold(GROUP_TITLES[group] ?? group));
    for (const c of inGroup) lines.push(...renderCheck(c, s, verbose));
  }
  if (data.fixes) lines.push('', ...renderFixes(data.fixes, s));
  lines.push('', renderSummary(data, s));
  if (data.supportBundle)
    lines.push(`Support bundle written to ${data.supportBundle} (secrets masked; look it over before attaching it).`);
  return lines.join('\n');
}

function renderCheck(c: CheckResult, s: Style, verbose: boolean): string[] {
  const idTag = s.dim(`[${c.id}]`);
  const lines = [`  ${symbol(c.status, s)} ${c.title}: ${c.status === 'skip' ? s.dim(c.summary) : c.summary} ${idTag}`];
  const findingsExplain = (c.findings ?? []).some((f) => f.status !== 'pass' && (f.cause || f.fix));
  const detailed =
    (c.status === 'fail' || c.status === 'warn' || c.status === 'inconclusive' || c.status === 'error') &&
    !findingsExplain;
  if (detailed) lines.push(...renderDetails(c, s, '      '));
  for (const f of c.findings ?? []) {
    lines.push(`    ${symbol(f.status, s)} ${f.summary}`);
    if (f.status !== 'pass') lines.push(...renderDetails(f, s, '        '));
  }
  if (verbose && c.evidence && Object.keys(c.evidence).length > 0) {
    lines.push(
      s.dim(
        `      evidence: ${Object.entries(c.evidence)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')} (${c.durationMs} ms)`,
      ),
    );
  }
  return lines;
}

function renderDetails(f: { cause?: string; fix?: CheckFix; faqId?: string }, s: Style, indent: string): string[] {
  const out: string[] = [];
  if (f.cause) out.push(`${indent}${s.dim('cause:')} ${f.cause}`);
  if (f.fix) {
    const [first, ...rest] = f.fix.text.split('\n');
    out.push(`${indent}${s.cyan('fix:')}   ${first ?? ''}`);
    for (const line of rest) out.push(`${indent}       ${line}`);
    for (const cmd of f.fix.commands ?? []) out.push(`${indent}       ${s.dim('$')} ${cmd}`);
    if (f.fix.link) out.push(`${indent}       ${s.dim('→')} ${s.underline(f.fix.link)}`);
  }
  if (f.faqId) {
    const aliases = faqAliases(f.faqId);
    // The id leads to the shipped knowledge base: cause, how to confirm it, fix.
    out.push(
      `${indent}${s.dim('more:')}  minilvb explain ${f.faqId}` +
        `${s.dim(aliases.length > 0 ? ` (also listed as ${aliases.join(', ')})` : '')}`,
    );
  }
  return out;
}

function renderFixes(fixes: readonly FixResult[], s: Style): string[] {
  if (fixes.length === 0)
    return [s.bold('Repairs'), s.dim('  nothing doctor can repair locally; follow the fixes above')];
  const out = [s.bold('Repairs')];
  for (const f of fixes) {
    const mark = f.applied ? s.green('✓') : s.dim('-');
    out.push(`  ${mark} ${f.id}: ${f.action}`);
    out.push(`      ${f.applied ? f.message : s.dim(f.message)}`);
    if (f.after)
      out.push(
        `      ${symbol(f.before.status, s)} ${f.before.status} → ` +
          `${symbol(f.after.status, s)} ${f.after.status}: ${f.after.summary}`,
      );
  }
  return out;
}

function renderSummary(data: DoctorData, s: Style): string {
  const n = data.summary;
  const parts = [
    s.green(`${n.pass} passed`),
    n.warn ? s.yellow(`${n.warn} warning${n.warn > 1 ? 's' : ''}`) : undefined,
    n.fail ? s.red(`${n.fail} failed`) : undefined,
    n.inconclusive ? s.yellow(`${n.inconclusive} inconclusive`) : undefined,
    n.error ? s.red(`${n.error} could not run`) : undefined,
    n.skip ? s.dim(`${n.skip} skipped`) : undefined,
  ].filter(Boolean);
  const line = `${parts.join(', ')} in ${(data.durationMs / 1000).toFixed(1)} s`;
  const first =
    data.checks.find((c) => c.status === 'fail') ??
    data.checks.find((c) => c.status === 'inconclusive' || c.status === 'error') ??
    (data.strict ? data.checks.find((c) => c.status === 'warn') : undefined);
  if (!first) return `${line}. ${n.warn && !data.strict ? 'No failures; review the warnings.' : 'No issues found.'}`;
  const explain = first.faqId
    ? `\nIts cause, how to confirm it and the fix in detail: ${s.dim(`minilvb explain ${first.faqId}`)}.`
    : '';
  return (
    `${line}.\nStart with ${s.bold(first.id)} (later findings may follow ` +
    `from it); re-check it alone with ${s.dim(`minilvb doctor ${first.id}`)}.` +
    `${explain}`
  );
}

export function renderCheckList(
  checks: { id: string; group: string; title: string; needs: { config: string[]; checks: string[] } }[],
  s: Style,
): string {
  const width = Math.max(...checks.map((c) => c.id.length));
  const lines: string[] = [];
  for (const group of CHECK_GROUPS) {
    const inGroup = checks.filter((c) => c.group === group);
    if (inGroup.length === 0) continue;
    lines.push(s.bold(`${group}`) + s.dim(` — ${GROUP_TITLES[group] ?? group}`));
    for (const c of inGroup) {
      const needs = [...c.needs.checks, ...c.needs.config].join(', ');
      lines.push(`  ${c.id.padEnd(width)}  ${c.title}${needs ? s.dim(`  (needs ${needs})`) : ''}`);
    }
  }
  lines.push('', s.dim('Run some: minilvb doctor <id|group>…   Skip some: --skip <id|group>'));
  return lines.join('\n');
}
