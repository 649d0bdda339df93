/** The Action protocol's envelope `{returnValue, returnMsg, returnData}` (docs/app-protocol.md#actions). */

/** One Action-protocol reply. */
export interface ActionReply {
  returnValue: number;
  returnMsg: string;
  returnData: Record<string, unknown> | unknown[];
}

/** The exact answer the deployment guide's health check expects (3.3). */
export const HEALTH_REPLY = '{"returnValue":4001,"returnMsg":"json format error","returnData":[]}';

export function actionOk(data: Record<string, unknown> = {}): ActionReply {
  return { returnValue: 0, returnMsg: 'success', returnData: data };
}

/** Ends an Action with a failure envelope (4002 bad parameters, 500 database). */
export class ActionError extends Error {
  constructor(
    readonly returnValue: number,
    readonly returnMsg: string,
  ) {
    super(returnMsg);
    this.name = 'ActionError';
  }
}

/** 4002 `request para error`, with the reason appended. */
export function paraError(reason: string): ActionError {
  return new ActionError(4002, `request para error | ${reason}`);
}
