/** The callback URL the LVB console calls is served by the Mini LVB callback endpoint (VOD-CALLBACK-URL). */
import { defineCheck, fail, pass, warn } from '../check.js';
import { excerpt, jsonObject } from '../probe/http.js';
import { netFailure } from '../probe/net-finding.js';
import { probe, trustedTarget } from '../probe/server-probes.js';

export default defineCheck({
  id: 'server.callback-url',
  group: 'server',
  title: 'Callback URL reachable',
  needs: { checks: ['server.generation'] },
  async run(ctx) {
    const trusted = trustedTarget(ctx);
    if (!trusted.ok) return trusted.skip;
    const { target } = trusted;
    const url = target.callbackUrl;
    const p = await probe(ctx, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    if (!p.ok) return netFailure(p.error, target, url, 'VOD-CALLBACK-URL');
    const { status, body } = p.answer;
    const json = jsonObject(body);
    const evidence = { url, status, body: excerpt(body) };
    const fixPath = {
      text:
        `The LVB console must call ${url}; make the server serve it (bundled ` +
        `server: built in; PHP: the callback/ directory under the nginx root, ` +
        `with the fastcgi location).`,
      link: 'https://console.cloud.tencent.com/live/config/callback',
    };
    if (status === 404) {
      return fail({
        summary: `${url} answers HTTP 404`,
        cause: 'the recording callbacks of the LVB console reach nothing, so no replay is ever stored',
        fix: fixPath,
        faqId: 'VOD-CALLBACK-URL',
        evidence,
      });
    }
    if (status >= 500) {
      return fail({
        summary: `${url} answers HTTP ${status} to an empty POST`,
        cause: 'the callback endpoint crashes; Tencent retries 3 times and then drops the recording',
        fix: { text: 'Read the server error log for the callback request (PHP fatal, database down).' },
        faqId: 'VOD-SIGN-500',
        evidence,
      });
    }
    if (status !== 200 || !json || typeof json.code !== 'number') {
      return fail({
        summary:
          `${url} answers HTTP ${status} with ` +
          `${json ? 'JSON without a code' : 'no JSON'}: ` +
          `${excerpt(body) || '(empty)'}`,
        cause: 'this is not the Mini LVB callback endpoint (another application, a redirect or a login page answers)',
        fix: fixPath,
        faqId: 'VOD-CALLBACK-URL',
        evidence,
      });
    }
    if (json.code === 4001 || json.code === 4002)
      return pass(`${url} answers {"code":${json.code}} to an empty POST, as expected`, { evidence });
    return warn({
      summary: `${url} answers {"code":${String(json.code)}} to an empty POST (expected 4001)`,
      cause: 'the endpoint accepts events without checking them, or is not the Mini LVB callback',
      fix: fixPath,
      faqId: 'VOD-CALLBACK-URL',
      evidence,
    });
  },
});
