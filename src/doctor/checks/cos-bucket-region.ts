/** The bucket is in the configured region, by its Location in GET Service (APP-COS-REGION). */
import { defineCheck, fail, pass, skip } from '../check.js';
import { cosBucketList, cosClient } from '../probe/cloud-clients.js';

export default defineCheck({
  id: 'cos.bucket-region',
  group: 'cos',
  title: 'COS bucket region',
  needs: { config: ['cos.region'], checks: ['cos.bucket'] },
  async run(ctx) {
    const client = await cosClient(ctx);
    const list = await cosBucketList(ctx);
    if (!client || !list) return skip('COS is not fully configured');
    // Without the list, cos.bucket already proved the bucket answers in the configured region.
    if (!list.ok) return pass(`${client.bucket} answers in ${client.region}`);
    const found = list.buckets.find((b) => b.name === client.bucket);
    if (!found) return skip(`${client.bucket} is not in the bucket list`);
    const evidence = { bucket: client.bucket, location: found.location, configured: client.region };
    if (found.location === client.region) return pass(`${client.bucket} is in ${client.region}`, { evidence });
    return fail({
      summary: `bucket ${client.bucket} exists in ${found.location}, config says ${client.region}`,
      cause:
        `requests go to ${client.bucket}.cos.${client.region}.myqcloud.com, ` +
        `where COS answers NoSuchBucket (the apps log ERROR_CMD_BUCKET_NOTEXIST ` +
        `/ "Bucket not found")`,
      fix: {
        text: `Set cos.region to ${found.location} (server COSKEY_REGION and the apps' COS region).`,
        commands: [`minilvb config set cos.region ${found.location}`],
      },
      faqId: 'APP-COS-REGION',
      evidence,
    });
  },
});
