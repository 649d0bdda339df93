import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';
import {
  defineCheck,
  doctorExitCode,
  fail,
  pass,
  runDoctor,
  selectChecks,
  summarize,
  type Check,
  type CheckGroup,
} from '../../src/doctor/index.js';

const config = (await loadConfig({ cwd: '/nonexistent', env: {}, home: '/nonexistent' })).config;
const meta = { file: undefined, profile: undefined, sources: {}, issues: [] };

function check(id: string, group: CheckGroup, run: Check['run'], needs?: Check['needs'], timeoutMs?: number): Check {
  return defineCheck({ id, group, title: id, run, ...(needs ? { needs } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
}
const ok = (id: string, needs?: Check['needs'], group: CheckGroup = 'config'): Check =>
  check(id, group, async () => pass(`${id} fine`), needs);
const run = (checks: Check[], extra: Partial<Parameters<typeof runDoctor>[0]> = {}) =>
  runDoctor({ checks, config, meta, inputs: { cwd: '/' }, ...extra });

describe('doctor engine', () => {
  it('skips a check whose prerequisite failed, naming the check that started the chain', async () => {
    const report = await run([
      check('a.base', 'config', async () => fail({ summary: 'broken' })),
      ok('a.child', { checks: ['a.base'] }),
      ok('a.grandchild', { checks: ['a.child'] }),
    ]);
    const [base, child, grand] = report.results;
    assert.equal(base?.status, 'fail');
    assert.equal(child?.status, 'skip');
    assert.match(child?.summary ?? '', /a\.base failed/);
    assert.equal(grand?.status, 'skip');
    assert.equal(grand?.summary, 'skipped: a.base failed (needed by a.child)');
  });

  it('skips with "set <field>" when a needed config field is unset', async () => {
    const report = await run([ok('b.needs-key', { config: ['lvb.apiKey'] })]);
    assert.equal(report.results[0]?.status, 'skip');
    assert.match(report.results[0]?.summary ?? '', /set lvb\.apiKey/);
    assert.match(report.results[0]?.fix?.text ?? '', /MINILVB_API_KEY/);
  });

  it('turns a hanging check into an error after its timeout, without hanging the run', async () => {
    const hang = check(
      'c.hang',
      'server',
      (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    const report = await run([hang, ok('c.other')], { timeoutMs: 150 });
    assert.equal(report.results[0]?.status, 'error');
    assert.match(report.results[0]?.summary ?? '', /did not finish within 150 ms/);
    assert.equal(report.results[1]?.status, 'pass');
  });

  it('a check ignoring the abort signal still ends at its timeout', async () => {
    const stubborn = check('c.stubborn', 'server', () => new Promise(() => {}), undefined, 100);
    const report = await run([stubborn]);
    assert.equal(report.results[0]?.status, 'error');
  });

  it("turns a thrown error into that check's error result", async () => {
    const report = await run([
      check('d.throws', 'config', async () => {
        throw new Error('boom\nstack');
      }),
      ok('d.after', { checks: ['d.throws'] }),
    ]);
    assert.equal(report.results[0]?.status, 'error');
    assert.equal(report.results[0]?.summary, 'the check crashed: boom');
    assert.equal(report.results[1]?.status, 'skip');
    assert.match(report.results[1]?.summary ?? '', /could not run/);
  });

  it('returns results in registry order although checks finish in another order', async () => {
    const slow = check('e.slow', 'config', async () => {
      await new Promise((r) => setTimeout(r, 60));
      return pass('slow');
    });
    const report = await run([slow, ok('e.fast'), ok('e.dependent', { checks: ['e.fast'] })]);
    assert.deepEqual(
      report.results.map((r) => r.id),
      ['e.slow', 'e.fast', 'e.dependent'],
    );
  });

  it('runs independent checks concurrently and a dependent only after its prerequisite', async () => {
    const events: string[] = [];
    const timed = (id: string, ms: number, needs?: Check['needs']): Check =>
      check(
        id,
        'config',
        async () => {
          events.push(`start ${id}`);
          await new Promise((r) => setTimeout(r, ms));
          events.push(`end ${id}`);
          return pass(id);
        },
        needs,
      );
    await run([timed('f.one', 50), timed('f.two', 50), timed('f.three', 10, { checks: ['f.one'] })]);
    assert.deepEqual(events.slice(0, 2).sort(), ['start f.one', 'start f.two']);
    assert.ok(events.indexOf('start f.three') > events.indexOf('end f.one'));
  });

  it('waits for `after` checks without being blocked by their failure', async () => {
    const report = await run([
      check('g.first', 'config', async () => fail({ summary: 'x' })),
      check('g.reader', 'config', async (ctx) => pass(`saw ${ctx.result('g.first')?.status}`), { after: ['g.first'] }),
    ]);
    assert.equal(report.results[1]?.summary, 'saw fail');
  });

  it('shares memoised work between checks', async () => {
    let calls = 0;
    const shared = (ctx: Parameters<Check['run']>[0]) =>
      ctx.memo('k', async () => {
        calls++;
        return 42;
      });
    await run([
      check('h.a', 'config', async (ctx) => pass(String(await shared(ctx)))),
      check('h.b', 'config', async (ctx) => pass(String(await shared(ctx)))),
    ]);
    assert.equal(calls, 1);
  });

  it('runs deferred clean-ups after all checks, last registered first, and reports failures', async () => {
    const order: string[] = [];
    const report = await run([
      check('i.a', 'config', async (ctx) => {
        ctx.defer('first', async () => {
          order.push('first');
        });
        ctx.defer('second', async () => {
          order.push('second');
          throw new Error('nope');
        });
        return pass('ok');
      }),
    ]);
    assert.deepEqual(order, ['second', 'first']);
    assert.deepEqual(report.cleanup, [
      { name: 'second', ok: false, message: 'nope' },
      { name: 'first', ok: true },
    ]);
  });

  it('an invalid outcome is an error, not a crash', async () => {
    const report = await run([check('j.bad', 'config', async () => ({}) as never)]);
    assert.equal(report.results[0]?.status, 'error');
  });

  it('reports a dependency cycle instead of hanging', async () => {
    const report = await run([ok('k.a', { checks: ['k.b'] }), ok('k.b', { checks: ['k.a'] })]);
    assert.deepEqual(
      report.results.map((r) => r.status),
      ['error', 'error'],
    );
    assert.match(report.results[0]?.summary ?? '', /cycle/);
  });
});

describe('doctor selection', () => {
  const all = [
    ok('server.one', undefined, 'server'),
    ok('server.two', { checks: ['server.one'] }, 'server'),
    ok('app.x', { checks: ['server.two'] }, 'app'),
    ok('logs.y', undefined, 'logs'),
  ];

  it('selects by id and pulls in prerequisites, in registry order', () => {
    assert.deepEqual(
      selectChecks(all, ['app.x']).checks.map((c) => c.id),
      ['server.one', 'server.two', 'app.x'],
    );
  });

  it('selects by group', () => {
    assert.deepEqual(
      selectChecks(all, ['logs']).checks.map((c) => c.id),
      ['logs.y'],
    );
  });

  it('an unknown id is a usage error listing the known ids and a suggestion', () => {
    assert.throws(
      () => selectChecks(all, ['server.on']),
      (e: unknown) =>
        e instanceof UsageError &&
        /Unknown check: server\.on/.test(e.message) &&
        /server\.one/.test(e.hint ?? '') &&
        e.exitCode === 2,
    );
    assert.throws(() => selectChecks(all, [], ['nope']), UsageError);
  });

  it('--skip marks the check skipped and its dependents skip too', async () => {
    const report = await run(all, { skip: ['server.two'] });
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    assert.equal(byId['server.two']?.summary, 'skipped with --skip');
    assert.equal(byId['app.x']?.status, 'skip');
    assert.equal(byId['server.one']?.status, 'pass');
  });
});

describe('doctor exit codes', () => {
  const res = (status: 'pass' | 'warn' | 'fail' | 'skip' | 'error') => ({
    id: status,
    group: 'config' as const,
    title: '',
    status,
    summary: '',
    durationMs: 0,
  });
  it('0 when nothing failed, 1 on fail or error, warnings only with strict', () => {
    assert.equal(doctorExitCode(summarize([res('pass'), res('skip'), res('warn')]), false), 0);
    assert.equal(doctorExitCode(summarize([res('pass'), res('warn')]), true), 1);
    assert.equal(doctorExitCode(summarize([res('fail')]), false), 1);
    assert.equal(doctorExitCode(summarize([res('error')]), false), 1);
  });
});
