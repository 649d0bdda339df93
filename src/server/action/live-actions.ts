/** RequestLVBAddr, ChangeStatus, ChangeCount, GetCOSSign (docs/app-protocol.md#actions). */
import { randomInt } from 'node:crypto';
import { cosV4Sign, pushUrl } from '../../sign/index.js';
import type { ServerContext } from '../context.js';
import { ActionError, actionOk, paraError, type ActionReply } from './envelope.js';
import { int, optStr, str, userinfoOf } from './fields.js';
import { configValues, getPath, type ConfigPath, type ConfigValues } from '../../config/index.js';

type Body = Record<string, unknown>;

/** txTime = now + 3 h, like the PHP helper createTxTime. */
const PUSH_URL_LIFETIME = 3 * 3600;
const STREAM_ID = /^[A-Za-z0-9_.-]{1,100}$/;

/** The values at `paths`, typed and set; throws the Action protocol's 500 naming the unset ones. */
function needConfig<const P extends readonly ConfigPath[]>(
  ctx: ServerContext,
  action: string,
  paths: P,
): ConfigValues<P> {
  const missing = paths.filter((p) => {
    const v = getPath(ctx.config, p);
    return v === undefined || v === '';
  });
  if (missing.length === 0) return configValues(ctx.config, paths);
  ctx.logger.error('action needs configuration that is not set', { action, missing: missing.join(', ') });
  throw new ActionError(500, `server not configured: ${missing.join(', ')} not set`);
}

export async function requestLvbAddr(ctx: ServerContext, body: Body): Promise<ActionReply> {
  const userid = str(body, 'userid', 50);
  const groupid = str(body, 'groupid', 100);
  const title = optStr(body, 'title', 128);
  const info = userinfoOf(body);
  if (!STREAM_ID.test(userid)) throw paraError('userid cannot be used in a stream name');
  const [bizId, key] = needConfig(ctx, 'RequestLVBAddr', ['lvb.bizId', 'lvb.pushKey']);
  const now = ctx.now();
  // Legacy bizid form, stream {bizid}_{userid}: the callback rule "after the first _" finds the user again.
  const url = pushUrl({ bizId, stream: userid, key, expiresAt: now + PUSH_URL_LIFETIME });
  await ctx.store.upsertLive({ userid, groupid, title, online: false, pushTime: new Date(now * 1000), ...info });
  return actionOk({ pushurl: url.url, timestamp: now });
}

export async function changeStatus(ctx: ServerContext, body: Body): Promise<ActionReply> {
  const userid = str(body, 'userid', 50);
  // Request meaning per ChangeStatus: 0 = online, 1 = offline (the seed contradicts itself; 3.2).
  const status = int(body, 'status', [0, 1]);
  if (!(await ctx.store.setLiveStatus(userid, status === 0)))
    throw paraError(`no live session for ${userid} (call RequestLVBAddr first)`);
  return actionOk();
}

export async function changeCount(ctx: ServerContext, body: Body): Promise<ActionReply> {
  const userid = str(body, 'userid', 50);
  const type = int(body, 'type', [0, 1]);
  const optype = int(body, 'optype', [0, 1]);
  const flag = int(body, 'flag', [0, 1]);
  const step = optype === 0 ? 1 : -1;
  const delta = type === 1 ? { likes: step } : { viewers: step };
  const found =
    flag === 0
      ? await ctx.store.adjustLiveCounts(userid, delta)
      : await ctx.store.adjustVodCounts(userid, str(body, 'fileid', 150), delta);
  if (!found) throw paraError(flag === 0 ? `no live session for ${userid}` : 'no such recording');
  return actionOk();
}

export async function getCosSignV4(ctx: ServerContext): Promise<ActionReply> {
  const [appId, bucket, secretId, secretKey] = needConfig(ctx, 'GetCOSSign', [
    'cos.appId',
    'cos.bucket',
    'cos.secretId',
    'cos.secretKey',
  ]);
  const now = ctx.now();
  const sign = cosV4Sign({
    appId,
    bucket,
    secretId,
    secretKey,
    expiredTime: now + ctx.config.cos.expiredTime,
    now,
    rand: randomInt(0, 2 ** 31 - 1),
  });
  return actionOk({ sign });
}
