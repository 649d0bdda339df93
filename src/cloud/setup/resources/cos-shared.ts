/** The COS side: the client, and the bucket state read once per plan. */
import type { CosClient } from '../../cos.js';
import type { SetupContext } from '../types.js';

export const NO_COS = 'COS is not fully configured (cos.appId, cos.bucket, cos.region, cos.secretId, cos.secretKey)';

export function cosOf(ctx: SetupContext): CosClient {
  const cos = ctx.clients.cos;
  if (!cos) throw new Error('no COS client: the resource should have been skipped');
  return cos;
}

/** Reads a bucket setting; a missing bucket reads as undefined (it is cos.bucket's finding). */
export async function unlessNoBucket<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { info?: { cloudCode?: string } }).info?.cloudCode === 'NoSuchBucket') return undefined;
    throw err;
  }
}
