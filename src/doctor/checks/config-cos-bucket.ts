/** The COS bucket is the short name and its appid suffix (if any) equals cos.appId (COS-BUCKET / COS-APPID). */
import { formatIssue } from '../../config/index.js';
import { defineCheck, fail, pass, warn } from '../check.js';

export default defineCheck({
  id: 'config.cos-bucket',
  group: 'config',
  title: 'COS bucket name and APPID agree',
  needs: { config: ['cos.bucket', 'cos.appId'] },
  async run({ config, meta }) {
    const bucket = config.cos.bucket as string;
    const appId = config.cos.appId as number;
    const evidence = { bucket, appId, host: `${bucket}-${appId}.cos.${config.cos.region ?? '<region>'}.myqcloud.com` };
    const issues = meta.issues.filter((i) => i.path === 'cos.bucket');
    const suffix = /^(.*)-(\d+)$/.exec(bucket);
    if (suffix && suffix[2] !== String(appId)) {
      return fail({
        summary: `cos.bucket ${bucket} ends in -${suffix[2]}, but cos.appId is ${appId}`,
        cause:
          `either cos.appId is wrong (the bucket belongs to APPID ${suffix[2]}) or ` +
          `the bucket name was copied from another account`,
        fix: {
          text:
            `Set cos.bucket to the short name ${suffix[1]} and cos.appId to the ` +
            `digits after the last "-" in the COS console bucket list (${suffix[2]} ` +
            `if this is your bucket).`,
          link: 'https://console.cloud.tencent.com/cos/bucket',
        },
        faqId: 'COS-APPID',
        evidence,
      });
    }
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      return fail({
        summary: errors.map(formatIssue).join('; '),
        cause: 'COS rejects this bucket name',
        fix: {
          text: 'Copy the bucket name from the COS console bucket list, without the -APPID suffix.',
          link: 'https://console.cloud.tencent.com/cos/bucket',
        },
        faqId: 'COS-BUCKET',
        evidence,
      });
    }
    const notices = issues.filter((i) => i.severity === 'warning');
    if (notices.length > 0) {
      return warn({
        summary: notices.map(formatIssue).join('; '),
        cause:
          'the bucket was given with its -APPID suffix: minilvb uses the short ' +
          'name, but a copy made from the same value (PHP conf, app constants) may ' +
          'still carry it, and the apps would ask for NoSuchBucket',
        fix: {
          text: `Store the short name and regenerate the files made from it.`,
          commands: [`minilvb config set cos.bucket ${bucket}`, 'minilvb generate --force'],
        },
        faqId: 'COS-BUCKET',
        evidence,
      });
    }
    if (suffix) {
      return warn({
        summary: `cos.bucket ${bucket} already ends in -${appId}`,
        cause:
          `the server hands the apps cos_info.Bucket=${bucket} and the COS SDK ` +
          `appends -${appId} again: ${bucket}-${appId} does not exist ` +
          `(NoSuchBucket)`,
        fix: { text: `Set cos.bucket to the short name ${suffix[1]}.`, commands: [`minilvb config show`] },
        faqId: 'COS-BUCKET',
        evidence,
      });
    }
    return pass(`bucket ${bucket}-${appId}`, { evidence });
  },
});
