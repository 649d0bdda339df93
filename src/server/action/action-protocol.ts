/**
 * `/interface.php`: the health-check answer to an empty body in both protocol modes, and the
 * legacy Action protocol (unauthenticated, so only with `protocol: action`) (docs/app-protocol.md#action-protocol).
 */
import type { ServerContext } from '../context.js';
import { parseJsonObject } from '../http-io.js';
import { ActionError, HEALTH_REPLY, type ActionReply } from './envelope.js';
import { changeCount, changeStatus, getCosSignV4, requestLvbAddr } from './live-actions.js';
import { enterGroup, fetchGroupMemberList, fetchList, getUserInfoAction, quitGroup } from './list-actions.js';

type Handler = (ctx: ServerContext, body: Record<string, unknown>) => Promise<ActionReply>;

const ACTIONS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['RequestLVBAddr', requestLvbAddr],
  ['ChangeStatus', changeStatus],
  ['ChangeCount', changeCount],
  ['FetchList', fetchList],
  ['GetCOSSign', (ctx) => getCosSignV4(ctx)],
  ['EnterGroup', enterGroup],
  ['QuitGroup', quitGroup],
  ['FetchGroupMemberList', fetchGroupMemberList],
  ['GetUserInfo', getUserInfoAction],
]);

/** A serialised reply plus facts for the request log. */
export interface InterfaceReply {
  body: string;
  code: number;
  action?: string;
}

/** The path-mode answer to a non-empty `/interface.php` body: what a current PHP server says (3.3). */
const PATH_MODE_REPLY = '{"code":400,"message":"Bad Request","data":{}}';

export async function handleInterface(ctx: ServerContext, raw: Buffer): Promise<InterfaceReply> {
  if (raw.length === 0 || raw.toString('utf8').trim() === '') return { body: HEALTH_REPLY, code: 4001 };
  if (ctx.config.protocol !== 'action') return { body: PATH_MODE_REPLY, code: 400 };
  const body = parseJsonObject(raw);
  if (!body) return { body: HEALTH_REPLY, code: 4001 };
  const name = typeof body.Action === 'string' ? body.Action : '';
  const handler = ACTIONS.get(name);
  const action = handler ? name : undefined;
  let out: ActionReply;
  try {
    if (!handler) out = { returnValue: 4002, returnMsg: 'request para error | unknown Action', returnData: {} };
    else {
      out = await handler(ctx, body);
      if (ctx.dbHealth.down) ctx.dbHealth.succeeded();
    }
  } catch (err) {
    if (err instanceof ActionError) out = { returnValue: err.returnValue, returnMsg: err.returnMsg, returnData: {} };
    else {
      ctx.dbHealth.failed(err, `interface.php ${name}`);
      out = { returnValue: 500, returnMsg: 'db error', returnData: {} };
    }
  }
  return { body: JSON.stringify(out), code: out.returnValue, ...(action ? { action } : {}) };
}
