/** The bound callback template's recording URL is the server's callback URL (VOD-CALLBACK-URL). */
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { expectedCallbackUrl } from '../probe/cloud-clients.js';
import { boundCallbackTemplate } from '../probe/live-bindings.js';

function parts(url: string): { scheme: string; rest: string } | undefined {
  try {
    const u = new URL(url);
    return { scheme: u.protocol, rest: `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}` };
  } catch {
    return undefined;
  }
}

export default defineCheck({
  id: 'lvb.callback-url',
  group: 'lvb',
  title: 'Recording callback URL points at the server',
  needs: { checks: ['lvb.callback-rule'] },
  async run(ctx) {
    if (!ctx.serverUrl || ctx.serverUrlFrom === 'server.host/port') return skip('no public server URL (Tencent cannot call a local address): set server.publicUrl or pass --server <url>');
    const bound = await boundCallbackTemplate(ctx);
    if (!bound || bound.ok !== true) return skip('no bound callback template');
    const expected = expectedCallbackUrl(ctx.serverUrl);
    const actual = bound.template.RecordNotifyUrl ?? '';
    const evidence = { template: `${bound.template.TemplateName ?? ''} (${bound.template.TemplateId ?? ''})`, recordNotifyUrl: actual || '(empty)', expected };
    const fix = { text: `Set the recording callback URL (RecordNotifyUrl) of the template to ${expected} (Feature configuration > Live callback > edit).`, link: 'https://console.cloud.tencent.com/live/config/callback' };
    if (actual === '') {
      return fail({ summary: 'the bound callback template has no recording callback URL', cause: 'Tencent records streams but never tells the server: the replay list stays empty', fix, faqId: 'VOD-CALLBACK-URL', evidence });
    }
    const a = parts(actual);
    const e = parts(expected);
    if (a && e && a.rest === e.rest) {
      if (a.scheme === e.scheme) return pass(`recording callbacks go to ${expected}`, { evidence });
      return warn({ summary: `the callback URL uses ${a.scheme.replace(':', '')}, the server URL ${e.scheme.replace(':', '')}`, cause: 'callbacks only arrive if the server answers on that scheme too', fix, faqId: 'VOD-CALLBACK-URL', evidence });
    }
    return fail({ summary: `recording callbacks go to ${actual}, not ${expected}`, cause: 'Tencent delivers recording events to another address: the server never stores replays', fix, faqId: 'VOD-CALLBACK-URL', evidence });
  },
});
