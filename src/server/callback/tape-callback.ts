/**
 * `/callback/tape_callback.php` and `/callback/Live_callback.php` (docs/callbacks.md#what-minilvb-does).
 * Every answer is HTTP 200 `{"code":N}` except a store failure, which answers 5xx so that Tencent
 * retries (docs/callbacks.md#c7): a callback is answered as success only when it was stored or deliberately ignored
 * by a documented rule. Nothing is stored unless sign and `t` pass; a replay of an answered
 * callback gets the same answer without a second effect.
 */
import { StoreUnavailableError } from '../../db/store.js';
import type { ServerContext } from '../context.js';
import { KeyedLock } from './keyed-lock.js';
import { CB, parseCallback, type CallbackEvent, type CallbackReply } from './parse-event.js';
import { applyRecording } from './record-rule.js';
import { streamUser } from './stream-user.js';

export type { CallbackReply } from './parse-event.js';

const locks = new WeakMap<ServerContext, KeyedLock>();
const warnedNoKey = new WeakSet<ServerContext>();

export async function handleTapeCallback(ctx: ServerContext, raw: Buffer): Promise<CallbackReply> {
  const key = ctx.config.lvb.apiKey;
  if (!key) {
    if (!warnedNoKey.has(ctx)) {
      warnedNoKey.add(ctx);
      ctx.logger.error('callback received but lvb.apiKey is not set: cannot verify callbacks', {
        missing: 'lvb.apiKey',
      });
    }
    // 503 makes Tencent retry, so events arriving before the key is configured are not lost for good.
    return {
      status: 503,
      body: { code: 500, message: 'server not configured: lvb.apiKey not set' },
      facts: { reason: 'no-api-key' },
    };
  }
  const skew = ctx.config.server.callbackSkew;
  const parsed = parseCallback(raw, key, {
    nowSeconds: ctx.now(),
    skewSeconds: skew,
    windowSeconds: ctx.options.callbackWindow,
  });
  if (!parsed.ok) return { status: 200, body: { code: parsed.code }, facts: { reason: parsed.reason } };
  const { event } = parsed;
  const { reply, replay } = await ctx.callbackReplays.run(replayKey(event), (event.t + skew + 1) * 1000, () =>
    handleEvent(ctx, event),
  );
  return replay ? { ...reply, facts: { ...reply.facts, replay: 1 } } : reply;
}

function replayKey(e: CallbackEvent): string {
  return [e.t, e.sign, e.streamId, e.eventType, e.recording?.fileId ?? '', e.recording?.fileFormat ?? ''].join(
    '\u0000',
  );
}

async function handleEvent(ctx: ServerContext, event: CallbackEvent): Promise<CallbackReply> {
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
      ctx.logger.warn('recording not attached: stream_id has no userid under the configured rule', {
        streamId: event.streamId,
        rule: ctx.config.server.streamUserRule,
      });
      return { status: 200, body: { code: CB.notAttached }, facts: { ...facts, reason: 'no-userid' } };
    }
    const rec = event.recording;
    let lock = locks.get(ctx);
    if (!lock) locks.set(ctx, (lock = new KeyedLock()));
    const outcome = await lock.run(userid, () => applyRecording(ctx.store, userid, rec, ctx.options.minRecordSeconds));
    if (ctx.dbHealth.down) ctx.dbHealth.succeeded();
    if (outcome.action === 'no-room')
      ctx.logger.warn('recording not attached: the user has no tb_room row (the app never called /upload_room)', {
        userid,
        fileId: rec.fileId,
      });
    if (outcome.action === 'too-long')
      ctx.logger.warn('recording not attached: video_url or file id longer than the tb_vod column', {
        userid,
        urlLength: rec.videoUrl.length,
        fileIdLength: rec.fileId.length,
      });
    return { status: 200, body: { code: outcome.code }, facts: { ...facts, action: outcome.action, userid } };
  } catch (err) {
    const outage = ctx.dbHealth.failed(err, 'callback');
    if (outage || err instanceof StoreUnavailableError)
      return { status: 503, body: { code: CB.notAttached }, facts: { ...facts, reason: 'db-unavailable' } };
    // Not stored and not a documented reason to drop it (e.g. a schema without a column we need):
    // 500 makes Tencent retry, so the recording is kept once the cause is fixed (`minilvb db migrate`).
    return { status: 500, body: { code: CB.notAttached }, facts: { ...facts, reason: 'db-error' } };
  }
}
