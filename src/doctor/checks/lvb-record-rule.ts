/** A recording template that records something is bound to the push domain (VOD-TEMPLATE-BIND). */
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { liveCall, pushDomainOf } from '../probe/cloud-clients.js';
import { appliesToApp, enabledFormats } from '../probe/live-bindings.js';
import { liveCallFailure } from '../probe/live-failure.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

export default defineCheck({
  id: 'lvb.record-rule',
  group: 'lvb',
  title: 'Recording bound to the push domain',
  needs: { checks: ['lvb.push-domain', 'lvb.record-template'] },
  fix: cloudApplyFix('lvb.record-template'),
  async run(ctx) {
    const want = pushDomainOf(ctx.config);
    if (!want) return skip('no push domain');
    const [templates, rules] = await Promise.all([
      liveCall(ctx, 'record-templates', (c) => c.describeRecordTemplates()),
      liveCall(ctx, 'record-rules', (c) => c.describeRecordRules()),
    ]);
    if (!templates || !rules) return skip('no cloud API credentials');
    if (!templates.ok) return liveCallFailure(ctx, templates, 'DescribeLiveRecordTemplates');
    if (!rules.ok) return liveCallFailure(ctx, rules, 'DescribeLiveRecordRules');
    const mine = rules.rules.filter((r) => appliesToApp(r, want.domain));
    const bound = mine.map((r) => ({ r, t: templates.templates.find((t) => t.TemplateId === r.TemplateId) }));
    const recording = bound.filter((b) => b.t && enabledFormats(b.t).length > 0);
    const evidence = {
      domain: want.domain,
      rules:
        mine.map((r) => `${r.AppName || '*'}/${r.StreamName || '*'} → ${r.TemplateId ?? ''}`).join(', ') || '(none)',
    };
    const link = 'https://console.cloud.tencent.com/live/domainmanage';
    const whole = recording.find((b) => !b.r.StreamName);
    if (whole?.t)
      return pass(
        `${want.domain} records with ` +
          `${whole.t.TemplateName ?? whole.t.TemplateId ?? ''} (` +
          `${enabledFormats(whole.t).join('+')})`,
        { evidence },
      );
    if (recording.length > 0) {
      return warn({
        summary: `recording on ${want.domain} is limited to stream ${recording.map((b) => b.r.StreamName).join(', ')}`,
        cause: 'other streams are not recorded and never get replays',
        fix: { text: 'Bind the recording template to the whole push domain (StreamName empty).', link },
        faqId: 'VOD-TEMPLATE-BIND',
        evidence,
      });
    }
    if (mine.length > 0) {
      return fail({
        summary: `the recording template bound to ${want.domain} records nothing`,
        cause: 'the bound template has every format off (or was deleted): no recordings, no replays',
        fix: { text: 'Bind a template with MP4 and/or HLS switched on.', link },
        faqId: 'VOD-RECORD-OFF',
        evidence,
      });
    }
    return fail({
      summary: `no recording template is bound to ${want.domain}`,
      cause:
        'the templates exist but no rule applies them to the push domain ' +
        '(AppName live): streams are not recorded and the replay list stays empty',
      fix: {
        text:
          `Bind a recording template to ${want.domain} (Domain Management > push ` +
          `domain > Template configuration > Recording configuration).`,
        link,
      },
      faqId: 'VOD-TEMPLATE-BIND',
      evidence,
    });
  },
});
