/**
 * The bound callback template's recording URL is exactly a URL the server answers (VOD-CALLBACK-URL).
 * Compared as Tencent will call it: a trailing slash or another scheme is a different URL. The
 * bundled server also serves /callback/Live_callback.php (the seeds' console screenshot uses it);
 * that path passes when the server answers it.
 */
import { defineCheck, fail, pass, skip, warn, type CheckContext, type CheckOutcome } from '../check.js';
import { expectedCallbackUrl } from '../probe/cloud-clients.js';
import { excerpt, jsonObject } from '../probe/http.js';
import { boundCallbackTemplate } from '../probe/live-bindings.js';
import { probe } from '../probe/server-probes.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

const ALT_PATH = '/callback/Live_callback.php';

/** Scheme and host are case-insensitive; everything else is compared byte for byte. */
function exact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i, (m) => m.toLowerCase());
}

export default defineCheck({
  id: 'lvb.callback-url',
  group: 'lvb',
  title: 'Recording callback URL points at the server',
  needs: { checks: ['lvb.callback-rule'] },
  fix: cloudApplyFix('lvb.callback-template'),
  async run(ctx) {
    if (!ctx.serverUrl || ctx.serverUrlFrom === 'server.host/port')
      return skip(
        'no public server URL (Tencent cannot call a local address): set server.publicUrl or pass --server <url>',
      );
    const bound = await boundCallbackTemplate(ctx);
    if (!bound || bound.ok !== true) return skip('no bound callback template');
    const expected = expectedCallbackUrl(ctx.serverUrl);
    const actual = bound.template.RecordNotifyUrl ?? '';
    const evidence = {
      template: `${bound.template.TemplateName ?? ''} (${bound.template.TemplateId ?? ''})`,
      recordNotifyUrl: actual || '(empty)',
      expected,
    };
    const fix = {
      text:
        `Set the recording callback URL (RecordNotifyUrl) of the template to ` +
        `${expected} (Feature configuration > Live callback > edit).`,
      link: 'https://console.cloud.tencent.com/live/config/callback',
    };
    if (actual === '') {
      return fail({
        summary: 'the bound callback template has no recording callback URL',
        cause: 'Tencent records streams but never tells the server: the replay list stays empty',
        fix,
        faqId: 'VOD-CALLBACK-URL',
        evidence,
      });
    }
    if (ctx.config.credentials === 'legacy' && /^https:/i.test(actual)) {
      return fail({
        summary: `the callback URL ${actual} is https`,
        cause:
          'the legacy console (直播码接入 > 接入配置 > 回调URL) does not support https callbacks: Tencent never delivers them',
        fix: {
          ...fix,
          text:
            `Set the callback URL to ${expected.replace(/^https:/i, 'http:')} (http; ` +
            `the server must answer it over plain HTTP).`,
        },
        faqId: 'VOD-CALLBACK-URL',
        evidence,
      });
    }
    const a = exact(actual);
    const e = exact(expected);
    if (a === e) return pass(`recording callbacks go to ${expected}`, { evidence });
    const alt = e.replace(/\/callback\/tape_callback\.php$/, ALT_PATH);
    if (a === alt) return alternatePath(ctx, actual, fix, evidence);
    if (a.replace(/\/+$/, '') === e || a.replace(/\/+$/, '') === alt) {
      return fail({
        summary: `the callback URL ${actual} ends with "/"`,
        cause:
          'Tencent calls the URL exactly as written; the server serves the path ' +
          'without the slash, so every callback gets 404 and no replay is stored',
        fix,
        faqId: 'VOD-CALLBACK-URL',
        evidence,
      });
    }
    const scheme = (u: string): string => u.replace(/:.*$/, '');
    if (a.replace(/^[a-z]+:/, '') === e.replace(/^[a-z]+:/, '')) {
      return warn({
        summary: `the callback URL uses ${scheme(a)}, the server URL ${scheme(e)}`,
        cause: 'callbacks only arrive if the server answers on that scheme too',
        fix,
        faqId: 'VOD-CALLBACK-URL',
        evidence,
      });
    }
    return fail({
      summary: `recording callbacks go to ${actual}, not ${expected}`,
      cause: 'Tencent delivers recording events to another address: the server never stores replays',
      fix,
      faqId: 'VOD-CALLBACK-URL',
      evidence,
    });
  },
});

/** /callback/Live_callback.php is fine when the server answers it like the callback endpoint. */
async function alternatePath(
  ctx: CheckContext,
  url: string,
  fix: { text: string; link: string },
  evidence: Record<string, string>,
): Promise<CheckOutcome> {
  const p = await probe(ctx, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
  if (!p.ok)
    return warn({
      summary: `recording callbacks go to ${url}; doctor could not confirm the server answers it (${p.error.code})`,
      cause: 'the server did not answer (see server.reachable)',
      fix,
      faqId: 'VOD-CALLBACK-URL',
      evidence,
    });
  const code = jsonObject(p.answer.body)?.code;
  const ev = { ...evidence, altStatus: p.answer.status, altBody: excerpt(p.answer.body) };
  if (p.answer.status === 200 && (code === 4001 || code === 4002))
    return pass(`recording callbacks go to ${url}, which the server answers like tape_callback.php`, { evidence: ev });
  return fail({
    summary:
      `recording callbacks go to ${url}, which the server answers with HTTP ` +
      `${p.answer.status} ${excerpt(p.answer.body) || '(empty)'}`,
    cause:
      'this server serves only /callback/tape_callback.php (the PHP code has ' +
      'no Live_callback.php): every callback is lost',
    fix,
    faqId: 'VOD-CALLBACK-URL',
    evidence: ev,
  });
}
