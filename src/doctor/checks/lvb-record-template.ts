/** A recording template with at least one format switched on exists (VOD-RECORD-OFF). */
import { defineCheck, fail, pass, skip } from '../check.js';
import { liveCall } from '../probe/cloud-clients.js';
import { enabledFormats } from '../probe/live-bindings.js';
import { liveCallFailure } from '../probe/live-failure.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

export default defineCheck({
  id: 'lvb.record-template',
  group: 'lvb',
  title: 'Recording template records something',
  needs: { checks: ['lvb.cloud-credentials'] },
  fix: cloudApplyFix('lvb.record-template'),
  async run(ctx) {
    const r = await liveCall(ctx, 'record-templates', (c) => c.describeRecordTemplates());
    if (!r) return skip('no cloud API credentials');
    if (!r.ok) return liveCallFailure(ctx, r, 'DescribeLiveRecordTemplates');
    const on = r.templates.map((t) => ({ t, formats: enabledFormats(t) })).filter((x) => x.formats.length > 0);
    const evidence = {
      templates:
        r.templates
          .map((t) => `${t.TemplateName ?? ''} (${t.TemplateId ?? ''}): ${enabledFormats(t).join('+') || 'off'}`)
          .join('; ') || '(none)',
    };
    const fix = {
      text:
        'Create a recording template with MP4 and/or HLS switched on (Feature ' +
        'configuration > Live recording), then bind it to the push domain.',
      link: 'https://console.cloud.tencent.com/live/config/record',
    };
    if (on.length > 0)
      return pass(on.map((x) => `${x.t.TemplateName ?? x.t.TemplateId ?? ''}: ${x.formats.join('+')}`).join('; '), {
        evidence,
      });
    if (r.templates.length === 0)
      return fail({
        summary: 'no recording template exists',
        cause: 'nothing is recorded, so there are no recording callbacks and no replays',
        fix,
        faqId: 'VOD-RECORD-OFF',
        evidence,
      });
    return fail({
      summary: 'every recording template has all formats switched off',
      cause: 'nothing is recorded, so there are no recording callbacks and no replays',
      fix,
      faqId: 'VOD-RECORD-OFF',
      evidence,
    });
  },
});
