/**
 * `/callback/tape_callback.php` and `/callback/Live_callback.php` (callbacks.md §2, §4, §5).
 * Every answer is HTTP 200 `{"code":N}` except a temporary database failure, which answers 503 so
 * that Tencent retries (C7). Nothing is stored unless sign and `t` pass.
 */
import { StoreUnavailableError } from '../../db/store.js';
import type { ServerContext } from '../context.js';
import { KeyedLock } from './keyed-lock.js';
import { CB, parseCallback } from './parse-event.js';
import { applyRecording } from './record-rule.js';
import { streamUser } from './stream-user.js';

/** The HTTP answer of one callback. */
export interface CallbackReply {
  status: number;
  body: Record<string, unknown>;
  /** For the request log: event type and what was done (no URLs, no sign). */
  facts: Record<string, string | number>;
}

const locks = new WeakMap<ServerContext, KeyedLock>();
const warnedNoKey = new WeakSet<ServerContext>();

export async function handleTapeCallback(ctx: ServerContext, raw: Buffer): Promise<CallbackReply> {
  const key = ctx.config.lvb.apiKey;
  if (!key) {
    if (!warnedNoKey.has(ctx)) {
      warnedNoKey.add(ctx);
      ctx.logger.error('callback received but lvb.apiKey is not set: cannot verify callbacks', { missing: 'lvb.apiKey' });
    }
    // 503 makes Tencent retry, so events arriving before the key is configured are not lost for good.
    return { status: 503, body: { code: 500, message: 'server not configured: lvb.apiKey not set' }, facts: { reason: 'no-api-key' } };
  }
  const parsed = parseCallback(raw, key, ctx.now(), ctx.config.server.callbackSkew);
  if (!parsed.ok) return { status: 200, body: { code: parsed.code }, facts: { reason: parsed.reason } };
  const { event } = parsed;
  const facts: Record<string, string | number> = { event: event.eventType };
  const userid = streamUser(event.streamId, ctx.config.server.streamUserRule);
  try {
    if (event.eventType === 0 || event.eventType === 1) {
      if (userid) await ctx.store.setLiveStatus(userid, event.eventType === 1);
      if (ctx.dbHealth.down) ctx.dbHealth.succeeded();
      return { status: 200, body: { code: CB.ok }, facts };
    }
    if (event.eventType !== 100 || !event.recording) return { status: 200, body: { code: CB.ok }, facts };
    if (!userid) {
      ctx.logger.warn('recording not attached: stream_id has no userid under the configured rule', { streamId: event.streamId, rule: ctx.config.server.streamUserRule });
      return { status: 200, body: { code: CB.notAttached }, facts: { ...facts, reason: 'no-userid' } };
    }
    const rec = event.recording;
    let lock = locks.get(ctx);
    if (!lock) locks.set(ctx, (lock = new KeyedLock()));
    const outcome = await lock.run(userid, () => applyRecording(ctx.store, userid, rec, ctx.options.minRecordSeconds));
    if (outcome.fileId) ctx.vodPages.clear();
    if (ctx.dbHealth.down) ctx.dbHealth.succeeded();
    if (outcome.action === 'no-room') ctx.logger.warn('recording not attached: the user has no tb_room row (the app never called /upload_room)', { userid, fileId: rec.fileId });
    if (outcome.action === 'too-long') ctx.logger.warn('recording not attached: video_url or file id longer than the tb_vod column', { userid, urlLength: rec.videoUrl.length, fileIdLength: rec.fileId.length });
    return { status: 200, body: { code: outcome.code }, facts: { ...facts, action: outcome.action, userid } };
  } catch (err) {
    const outage = ctx.dbHealth.failed(err, 'callback');
    if (outage || err instanceof StoreUnavailableError) return { status: 503, body: { code: CB.notAttached }, facts: { ...facts, reason: 'db-unavailable' } };
    return { status: 200, body: { code: CB.notAttached }, facts: { ...facts, reason: 'db-error' } };
  }
}
