/** A callback template is bound to the push domain by a rule (VOD-TEMPLATE-BIND). */
import { defineCheck, fail, pass, skip } from '../check.js';
import { boundCallbackTemplate } from '../probe/live-bindings.js';
import { liveCallFailure } from '../probe/live-failure.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

export default defineCheck({
  id: 'lvb.callback-rule',
  group: 'lvb',
  title: 'Callback template bound to the push domain',
  needs: { checks: ['lvb.push-domain'] },
  fix: cloudApplyFix('lvb.callback-template'),
  async run(ctx) {
    const bound = await boundCallbackTemplate(ctx);
    if (!bound) return skip('no push domain or no cloud API credentials');
    if (bound.ok === 'error') return liveCallFailure(ctx, bound.failure, bound.action);
    if (bound.ok) {
      return pass(
        `callback template ${bound.template.TemplateName ?? ''} (` +
          `${bound.template.TemplateId ?? ''}) is bound to ${bound.domain}`,
        { evidence: { domain: bound.domain, templateId: bound.template.TemplateId ?? 0 } },
      );
    }
    const names = bound.templates.map((t) => `${t.TemplateName ?? ''} (${t.TemplateId ?? ''})`);
    const evidence = {
      domain: bound.domain,
      templates: names.join(', ') || '(none)',
      ...(bound.otherApps.length > 0 ? { rulesForOtherAppNames: bound.otherApps.join(', ') } : {}),
    };
    const link = 'https://console.cloud.tencent.com/live/config/callback';
    if (bound.templates.length === 0) {
      return fail({
        summary: 'no callback template exists',
        cause: 'Tencent has nowhere to send recording events: no replay ever reaches the server',
        fix: {
          text:
            'Create a callback template (Feature configuration > Live callback) with ' +
            'the recording callback URL of the server and the callback key ' +
            'lvb.apiKey, then bind it to the push domain.',
          link,
        },
        faqId: 'VOD-TEMPLATE-BIND',
        evidence,
      });
    }
    return fail({
      summary:
        `no callback template is bound to ${bound.domain}` +
        `${bound.otherApps.length > 0 ? ` for AppName live (rules exist for: ${bound.otherApps.join(', ')})` : ''}`,
      cause:
        `the template${names.length > 1 ? 's' : ''} ${names.join(', ')} exist` +
        `${names.length > 1 ? '' : 's'} but no rule binds one to the push ` +
        `domain, so Tencent sends no callbacks at all`,
      fix: {
        text:
          `Bind the template to ${bound.domain} (Domain Management > push domain > ` +
          `Template configuration > Callback configuration), AppName live or empty.`,
        link: 'https://console.cloud.tencent.com/live/domainmanage',
      },
      faqId: 'VOD-TEMPLATE-BIND',
      evidence,
    });
  },
});
