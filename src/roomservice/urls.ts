/**
 * Push and play URLs of RoomService members (docs/roomservice.md#get_push_url-and-get_anchor_url,
 * docs/roomservice.md#play-urls): the legacy bizid form when only a bizid is known, the own push/play
 * domains when configured. txSecret = md5(pushKey + streamID + txTime) for both push and accelerate URLs.
 */
import { randomBytes } from 'node:crypto';
import { antiLeechSecret, txTimeHex } from '../sign/anti-leech.js';
import type { RsConfig } from './rs-config.js';

/** The hosts of the configuration, or undefined when a push URL cannot be made. */
export function hosts(c: RsConfig): { push: string; play: string } | undefined {
  const push = c.pushHost ?? (c.bizId !== undefined ? `${c.bizId}.livepush.myqcloud.com` : undefined);
  const play = c.playHost ?? (c.bizId !== undefined ? `${c.bizId}.liveplay.myqcloud.com` : undefined);
  return push && play && c.pushKey ? { push, play } : undefined;
}

/** A new stream id for a user: `{bizid}_{userID}_{4 hex}` (no bizid prefix without a bizid). */
export function newStreamId(c: RsConfig, userID: string): string {
  const safe = userID.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
  return `${c.bizId !== undefined ? `${c.bizId}_` : ''}${safe}_${randomBytes(2).toString('hex')}`;
}

function query(c: RsConfig, streamID: string, nowSec: number): string {
  const txTime = txTimeHex(nowSec + c.limits.validTime);
  const txSecret = antiLeechSecret(c.pushKey ?? '', streamID, txTime);
  return `${c.bizId !== undefined ? `bizid=${c.bizId}&` : ''}txSecret=${txSecret}&txTime=${txTime}`;
}

/** The signed push URL of a stream. */
export function pushUrlOf(c: RsConfig, streamID: string, nowSec: number): string | undefined {
  const h = hosts(c);
  return h && `rtmp://${h.push}/live/${streamID}?${query(c, streamID, nowSec)}`;
}

/** The low-latency (RTMP-ACC) URL anchors play each other with, signed with the push key. */
export function accelerateUrlOf(c: RsConfig, streamID: string, nowSec: number): string {
  const h = hosts(c);
  return h ? `rtmp://${h.play}/live/${streamID}?${query(c, streamID, nowSec)}` : '';
}

/** The CDN FLV URL audiences play. */
export function mixedPlayUrlOf(c: RsConfig, streamID: string): string {
  const h = hosts(c);
  return h ? `https://${h.play}/live/${streamID}.flv` : '';
}

/** The stream id of a push URL: its last path segment before `?` ('' when there is none; never a crash). */
export function streamIdOf(pushURL: string): string {
  const path = pushURL.split('?')[0] ?? '';
  const seg = path.slice(path.lastIndexOf('/') + 1);
  return /^[A-Za-z0-9_.-]{1,128}$/.test(seg) ? seg : '';
}
