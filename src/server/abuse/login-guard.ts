/**
 * What /login and /register do before any password work: count the attempt per client address
 * and per userid, and run the KDF on its bounded queue. Both refusals answer code 429 (README:
 * "The bundled server"), cheaply, without touching the store or the KDF.
 */
import type { ServerContext } from '../context.js';
import { CODE, fail } from '../envelope.js';
import { KdfBusyError } from './kdf-queue.js';

/** Throws code 429 when this client address or userid made too many attempts this minute. */
export function countAttempt(ctx: ServerContext, name: string, userid: string, client: string | undefined): void {
  const byUser = ctx.loginByUser.take(userid.toLowerCase());
  const byAddress = client === undefined || ctx.loginByAddress.take(client);
  if (!byUser)
    throw fail(
      CODE.tooManyRequests,
      `${name}: too many attempts for this userid, retry in ${ctx.loginByUser.retryAfter(userid.toLowerCase())} s`,
    );
  if (!byAddress)
    throw fail(
      CODE.tooManyRequests,
      `${name}: too many attempts from this address, retry in ${ctx.loginByAddress.retryAfter(client as string)} s`,
    );
}

/** Runs password work, turning a full KDF queue into code 429. */
export async function withKdf<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof KdfBusyError)
      throw fail(CODE.tooManyRequests, `${name}: the server is busy checking passwords, retry in 1 s`);
    throw err;
  }
}
