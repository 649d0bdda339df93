/**
 * COS bucket names are given both ways: the short name the apps expect (`xiaozhibo`) and the full
 * name the console lists (`xiaozhibo-1250000000`). The apps append -APPID themselves, so a full
 * name gave NoSuchBucket (FAQ 1.5). When the suffix is this account's APPID it is removed, with a
 * notice; a different APPID stays an error (rules.ts).
 */
import type { ConfigIssue } from './schema.js';

export function stripBucketSuffix(bucket: string, appId: unknown): { bucket: string; notice?: ConfigIssue } {
  const m = /^(.+)-(\d+)$/.exec(bucket);
  if (!m || appId === undefined || m[2] !== String(appId)) return { bucket };
  const short = m[1] as string;
  return {
    bucket: short,
    notice: {
      severity: 'warning',
      path: 'cos.bucket',
      message:
        `${bucket} ends in -${String(appId)} (cos.appId); minilvb uses ${short}, ` +
        `because the apps append -APPID themselves`,
      expected: `the short name ${short} (\`minilvb config set cos.bucket ${short}\` stores it)`,
    },
  };
}
