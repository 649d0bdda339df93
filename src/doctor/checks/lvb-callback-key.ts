/** The bound callback template's CallbackKey equals lvb.apiKey, compared by fingerprint (CB-API-KEY). */
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip } from '../check.js';
import { boundCallbackTemplate } from '../probe/live-bindings.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

export default defineCheck({
  id: 'lvb.callback-key',
  group: 'lvb',
  title: 'Callback key matches lvb.apiKey',
  needs: { config: ['lvb.apiKey'], checks: ['lvb.callback-rule'] },
  fix: cloudApplyFix('lvb.callback-template'),
  async run(ctx) {
    const bound = await boundCallbackTemplate(ctx);
    if (!bound || bound.ok !== true) return skip('no bound callback template');
    const local = fingerprint(ctx.config.lvb.apiKey ?? '');
    const cloudKey = bound.template.CallbackKey ?? '';
    const cloud = cloudKey ? fingerprint(cloudKey) : '';
    const evidence = {
      template: `${bound.template.TemplateName ?? ''} (${bound.template.TemplateId ?? ''})`,
      configFingerprint: local,
      cloudFingerprint: cloud || '(empty)',
    };
    if (cloud === local) return pass('the callback template signs with lvb.apiKey', { evidence });
    return fail({
      summary: cloud
        ? `the template's CallbackKey (fp ${cloud}) is not lvb.apiKey (fp ${local})`
        : 'the bound callback template has no CallbackKey',
      cause:
        "the server checks every callback's sign with lvb.apiKey (API_KEY) and " +
        'rejects these: push and playback work, but no replay appears',
      fix: {
        text:
          "Make the two equal: put the template's callback key into lvb.apiKey and " +
          "the server (API_KEY), or set the template's CallbackKey to lvb.apiKey; " +
          'then restart the server.',
        link: 'https://console.cloud.tencent.com/live/config/callback',
      },
      faqId: 'CB-API-KEY',
      evidence,
    });
  },
});
