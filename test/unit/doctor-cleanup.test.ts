/** A clean-up that fails (a probe user left behind) reaches the user as a warning of the doctor command. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { cleanupWarnings, defineCheck, pass, runDoctor } from '../../src/doctor/index.js';

describe('doctor clean-ups', () => {
  it('a failed clean-up becomes a warning naming it and why; a successful one none', async () => {
    const config = (await loadConfig({ cwd: '/nonexistent', env: {}, home: '/nonexistent' })).config;
    const probe = defineCheck({
      id: 'app.probe',
      group: 'app',
      title: 'probe',
      async run(ctx) {
        ctx.defer('delete probe user mlvbdoctor_x', async () => {
          throw new Error('the admin endpoint answered 401');
        });
        ctx.defer('close pool', async () => undefined);
        return pass('fine');
      },
    });
    const report = await runDoctor({
      checks: [probe],
      config,
      meta: { file: undefined, profile: undefined, sources: {}, issues: [] },
      inputs: { cwd: '/' },
    });
    assert.deepEqual(cleanupWarnings(report.cleanup), [
      'clean-up "delete probe user mlvbdoctor_x" failed: the admin endpoint answered 401; remove it by hand',
    ]);
  });
});
