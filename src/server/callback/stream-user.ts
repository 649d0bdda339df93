/** stream_id → userid (docs/callbacks.md#stream-names-and-users), per `server.streamUserRule`. */
import type { StreamUserRule } from '../../config/index.js';

/** The userid a stream belongs to, or undefined when the rule finds none. */
export function streamUser(streamId: string, rule: StreamUserRule): string | undefined {
  if (rule === 'whole') return streamId === '' ? undefined : streamId;
  let s = streamId;
  if (rule === 'legacy-middle') {
    // Commit 7851293: drop the last `_` segment first (bizid_userid_suffix → bizid_userid).
    const last = s.lastIndexOf('_');
    if (last <= 0) return undefined;
    s = s.slice(0, last);
  }
  const first = s.indexOf('_');
  if (first === -1) return undefined;
  const userid = s.slice(first + 1);
  return userid === '' ? undefined : userid;
}
