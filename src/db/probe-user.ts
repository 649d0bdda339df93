/**
 * The doctor's probe users (`mlvbdoctor_…`): the only user ids the clean-up operations of the
 * stores and of the server's admin endpoint accept, so a wrong id can never delete a real user.
 */
import { MinilvbError } from '../errors.js';

/** Every probe user id starts with this. */
export const PROBE_USER_PREFIX = 'mlvbdoctor_';

/** The tables a probe user may have rows in, in deletion order (the account last). */
export const PROBE_TABLES = [
  'tb_vod',
  'tb_room',
  'minilvb_session',
  'tb_ugc',
  'minilvb_group_member',
  'minilvb_live',
  'tb_account',
] as const;

/** One of PROBE_TABLES. */
export type ProbeTable = (typeof PROBE_TABLES)[number];

/** Rows deleted per table by a probe clean-up. */
export type ProbeDeletion = Record<ProbeTable, number>;

/** True for a user id doctor may delete. */
export function isProbeUserId(userid: unknown): userid is string {
  return (
    typeof userid === 'string' &&
    userid.startsWith(PROBE_USER_PREFIX) &&
    userid.length > PROBE_USER_PREFIX.length &&
    userid.length <= 50
  );
}

/** Throws unless `userid` is a probe user id. */
export function assertProbeUserId(userid: unknown): asserts userid is string {
  if (!isProbeUserId(userid)) {
    const shown = typeof userid === 'string' ? JSON.stringify(userid.slice(0, 60)) : typeof userid;
    throw new MinilvbError(
      'MLVB_INPUT_INVALID',
      `Refusing to delete user ${shown}: only doctor probe users (${PROBE_USER_PREFIX}…) can be removed this way.`,
      {
        hint: `Give a user id that starts with ${PROBE_USER_PREFIX} (at most 50 characters).`,
      },
    );
  }
}

/** A deletion count of 0 for every table. */
export function emptyDeletion(): ProbeDeletion {
  return Object.fromEntries(PROBE_TABLES.map((t) => [t, 0])) as ProbeDeletion;
}
