/**
 * The path protocol's reply envelope `{code, message, data}` (docs/app-protocol.md#transport,
 * docs/app-protocol.md#reply-codes). Every application-level outcome is HTTP 200 with the code in the
 * body; the base messages are the exact strings of the PHP `ErrorCode.php`, because clients and log
 * greps rely on them.
 */

/** Codes the path protocol answers with. */
export const CODE = {
  ok: 200,
  badRequest: 400,
  invalidToken: 498,
  dbError: 500,
  /** The same wire code as dbError (the protocol's only server-side failure), for an endpoint whose keys are unset. */
  notConfigured: 500,
  invalidParam: 602,
  userExist: 612,
  userNotExist: 620,
  passwordError: 621,
  /** minilvb's: too many login/register attempts, or the password queue is full (README). */
  tooManyRequests: 429,
} as const;

export type PathCode = (typeof CODE)[keyof typeof CODE];

const BASE_MESSAGE: Readonly<Record<PathCode, string>> = {
  200: 'OK',
  400: 'Bad Request',
  498: 'Invalid Token',
  500: 'Internal Server Error(db operate error)',
  602: 'Invalid Param',
  612: 'user exist',
  620: 'user not exist',
  621: 'password error',
  429: 'Too Many Requests',
};

/** One path-protocol reply, before serialisation. */
export interface PathReply {
  code: PathCode;
  message: string;
  data: Record<string, unknown>;
}

/** The reply as the apps receive it: the one place the envelope is serialised. */
export function serializeReply(r: PathReply): string {
  return JSON.stringify({ code: r.code, message: r.message, data: r.data });
}

/** `message` is the base text, plus ` | detail` when a detail is given. */
export function reply(code: PathCode, detail?: string, data: Record<string, unknown> = {}): PathReply {
  const base = BASE_MESSAGE[code];
  return { code, message: detail === undefined || detail === '' ? base : `${base} | ${detail}`, data };
}

export function ok(data: Record<string, unknown> = {}): PathReply {
  return { code: CODE.ok, message: 'OK', data };
}

/** Thrown inside a handler to end it with a given envelope (validation, auth, not found). */
export class ReplyError extends Error {
  constructor(readonly reply: PathReply) {
    super(reply.message);
    this.name = 'ReplyError';
  }
}

export function fail(code: PathCode, detail?: string): ReplyError {
  return new ReplyError(reply(code, detail));
}
