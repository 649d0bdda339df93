/**
 * The bucket's CORS rules let browser-based clients (web demo, mini program tools) upload and read.
 * A warning, not a failure: the native apps do not go through CORS, so their uploads work without it.
 */
import { defineCheck, pass, skip, warn } from '../check.js';
import { cosClient } from '../probe/cloud-clients.js';
import { cosCallFailure } from '../probe/cos-failure.js';

const NEEDED = ['GET', 'PUT', 'POST', 'HEAD'];
const FIX = {
  text:
    'Add a CORS rule in the COS console (bucket > Security management > ' +
    'CORS): origin *, methods GET PUT POST HEAD, allow-headers *, ' +
    'expose-headers ETag, max-age 600.',
  link: 'https://console.cloud.tencent.com/cos/bucket',
};

export default defineCheck({
  id: 'cos.cors',
  group: 'cos',
  title: 'COS bucket CORS rules',
  needs: { checks: ['cos.access'] },
  async run(ctx) {
    const client = await cosClient(ctx);
    if (!client) return skip('COS is not fully configured');
    const cors = await client.getBucketCors();
    if (!cors.ok) return cosCallFailure(ctx, cors, 'GET Bucket cors');
    const evidence = {
      bucket: client.bucket,
      rules: cors.rules.length,
      ...(cors.rules.length > 0
        ? {
            methods: [...new Set(cors.rules.flatMap((r) => r.allowedMethods))].join(' '),
            origins: [...new Set(cors.rules.flatMap((r) => r.allowedOrigins))].join(' '),
          }
        : {}),
    };
    if (cors.rules.length === 0) {
      return warn({
        summary: `${client.bucket} has no CORS rule`,
        cause:
          'browsers refuse cross-origin uploads and reads: the web and ' +
          'mini-program clients cannot upload avatars or covers (native apps are ' +
          'not affected)',
        fix: FIX,
        evidence,
      });
    }
    const anyOrigin = cors.rules.filter((r) => r.allowedOrigins.includes('*'));
    const covering = anyOrigin.find(
      (r) => NEEDED.every((m) => r.allowedMethods.includes(m)) && r.allowedHeaders.includes('*'),
    );
    if (!covering) {
      const missing = NEEDED.filter((m) => !cors.rules.some((r) => r.allowedMethods.includes(m)));
      return warn({
        summary:
          anyOrigin.length === 0
            ? `no CORS rule allows every origin (${evidence.origins ?? ''})`
            : `the CORS rules lack ${missing.join(' ') || 'allow-headers *'}`,
        cause:
          "browser uploads send PUT/POST with custom headers from the page's origin; a narrower rule makes them fail",
        fix: FIX,
        evidence,
      });
    }
    if (!covering.exposeHeaders.some((h) => h.toLowerCase() === 'etag')) {
      return warn({
        summary: 'the CORS rule does not expose ETag',
        cause: 'multipart browser uploads read ETag from the response',
        fix: FIX,
        evidence,
      });
    }
    return pass(`CORS allows ${NEEDED.join('/')} from any origin`, { evidence });
  },
});
