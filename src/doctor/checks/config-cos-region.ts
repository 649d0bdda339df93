/** The COS region is a current region id, not a legacy alias (APP-COS-REGION). */
import { formatIssue, KNOWN_REGIONS } from '../../config/index.js';
import { defineCheck, fail, pass, warn } from '../check.js';

export default defineCheck({
  id: 'config.cos-region',
  group: 'config',
  title: 'COS region id',
  needs: { config: ['cos.region'] },
  async run({ config, meta }) {
    const region = config.cos.region as string;
    const issues = meta.issues.filter((i) => i.path === 'cos.region');
    const alias = issues.find((i) => /legacy alias/.test(i.message));
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      return fail({
        summary: errors.map(formatIssue).join('; '),
        cause: 'the region is not a COS region id, so the apps build a bucket host that does not exist',
        fix: {
          text: 'Copy the region id (e.g. ap-guangzhou) from the COS console bucket list.',
          link: 'https://console.cloud.tencent.com/cos/bucket',
        },
        faqId: 'APP-COS-REGION',
        evidence: { region },
      });
    }
    if (alias) {
      return warn({
        summary: `legacy region alias in the configuration: ${alias.message}`,
        cause:
          'COS v5 SDKs and the current apps expect ap-* ids; v4-era aliases ' +
          '(gz/tj/sh, cn-south…) give ERROR_CMD_BUCKET_NOTEXIST (-133)',
        fix: {
          text:
            `Write the id ${region} instead of the alias (minilvb translates it, but ` +
            `generated app constants and other tools may not).`,
        },
        faqId: 'APP-COS-REGION',
        evidence: { region },
      });
    }
    if (!KNOWN_REGIONS.includes(region)) {
      return warn({
        summary: `${region} is not a region minilvb knows`,
        cause: 'a new region, or a typo',
        fix: { text: 'Compare with the region shown in the COS console bucket list.' },
        faqId: 'APP-COS-REGION',
        evidence: { region },
      });
    }
    return pass(region, { evidence: { region } });
  },
});
