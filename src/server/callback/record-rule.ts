/**
 * The recording rule of the bundled server (docs/callbacks.md#the-recording-rule): idempotent per
 * (userid, fileId) and per (userid, slot URL, overlapping window) for a retried merged event, merge of the formats of
 * one recording by ≥ 50 % overlap of the shorter
 * interval into an empty slot, otherwise a new row copying the room's title (cut to 128),
 * frontcover and location. Later recordings never overwrite earlier ones (docs/callbacks.md#c5).
 */
import type { Store, Vod, VodUrlSlot } from '../../db/store.js';
import { CB, type RecordingEvent } from './parse-event.js';

/** What happened, for the reply code and the log. */
export interface RecordOutcome {
  code: number;
  action: 'too-short' | 'no-room' | 'updated' | 'merged' | 'inserted' | 'too-long' | 'duplicate';
  fileId?: string;
}

/** tb_vod column widths (docs/config-files.md#the-createdbsh-tables). */
const MAX_URL = 255;
const MAX_FILE_ID = 150;
const MAX_TITLE = 128;

function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? chars.slice(0, max).join('') : s;
}

function overlapSeconds(s: number, e: number, v: Vod): number {
  const vs = (v.startTime as Date).getTime() / 1000;
  const ve = v.createTime.getTime() / 1000;
  const overlap = Math.min(e, ve) - Math.max(s, vs);
  const shorter = Math.min(e - s, ve - vs);
  return overlap > 0 && overlap >= shorter / 2 ? overlap : 0;
}

export async function applyRecording(
  store: Store,
  userid: string,
  rec: RecordingEvent,
  minSeconds: number,
): Promise<RecordOutcome> {
  const s = rec.startTime;
  const e = rec.endTime;
  if (e - s <= minSeconds) return { code: CB.ok, action: 'too-short' };
  if ([...rec.videoUrl].length > MAX_URL || [...rec.fileId].length > MAX_FILE_ID)
    return { code: CB.notAttached, action: 'too-long' };
  const room = await store.getRoom(userid);
  if (!room) return { code: CB.notAttached, action: 'no-room' };
  const slot: VodUrlSlot = rec.fileFormat === 'mp4' ? 'play_url' : 'hls_play_url';

  if (await store.getVod(userid, rec.fileId)) {
    await store.setVodUrl(userid, rec.fileId, slot, rec.videoUrl);
    return { code: CB.ok, action: 'updated', fileId: rec.fileId };
  }
  const candidates = await store.vodsOfUser(userid, new Date(s * 1000), new Date(e * 1000));
  // A retry of an event already merged into the other format's row: that row holds this very
  // URL in this slot (the event's own file id is not stored), so there is nothing left to do.
  const merged = candidates.find(
    (v) => (slot === 'play_url' ? v.playUrl : v.hlsPlayUrl) === rec.videoUrl && overlapSeconds(s, e, v) > 0,
  );
  if (merged) return { code: CB.ok, action: 'duplicate', fileId: merged.fileId };
  let best: Vod | undefined;
  let bestOverlap = 0;
  for (const v of candidates) {
    if (!v.startTime) continue;
    const filled = slot === 'play_url' ? v.playUrl : v.hlsPlayUrl;
    if (filled) continue;
    const o = overlapSeconds(s, e, v);
    if (o > bestOverlap) {
      best = v;
      bestOverlap = o;
    }
  }
  if (best) {
    await store.setVodUrl(userid, best.fileId, slot, rec.videoUrl);
    return { code: CB.ok, action: 'merged', fileId: best.fileId };
  }
  const inserted = await store.insertVod({
    userid,
    fileId: rec.fileId,
    startTime: new Date(s * 1000),
    createTime: new Date(e * 1000),
    title: cut(room.title, MAX_TITLE),
    frontcover: room.frontcover,
    location: room.location,
    playUrl: slot === 'play_url' ? rec.videoUrl : null,
    hlsPlayUrl: slot === 'hls_play_url' ? rec.videoUrl : null,
  });
  // A concurrent redelivery (another process) inserted it first: same slot, same answer (docs/callbacks.md#c6).
  if (inserted === 'exists') await store.setVodUrl(userid, rec.fileId, slot, rec.videoUrl);
  return { code: CB.ok, action: inserted === 'exists' ? 'updated' : 'inserted', fileId: rec.fileId };
}
