/** The shape of one path-protocol endpoint: its input rules, how it is authenticated, its logic. */
import type { ServerContext } from '../context.js';
import type { PathReply } from '../envelope.js';
import type { Checked, FieldRule } from '../param-checker.js';

/** How an endpoint is authenticated (docs/app-protocol.md#liteav-sig, #d13). */
export type Auth = 'none' | 'liteav-sig' | 'refresh';

/** What a handler gets once routing, validation and authentication passed. */
export interface EndpointInput {
  /** The parsed body (an empty object when the body was not a JSON object). */
  body: Record<string, unknown>;
  /** Validated values of the endpoint's rules. */
  params: Checked;
  /** The validated userid (every endpoint has one). */
  userid: string;
  raw: Buffer;
  /** The Liteav-Sig header, if any (only /refresh looks at it itself). */
  sig: string | undefined;
  /** The client address attempts are counted against (abuse/client-address.ts); absent in-process. */
  client?: string | undefined;
}

/** One endpoint of docs/app-protocol.md#endpoints. */
export interface PathEndpoint {
  name: string;
  auth: Auth;
  /** Rules after `userid` (which every endpoint checks first). */
  rules: readonly FieldRule[];
  /**
   * No input rules at all, not even `userid` (docs/app-protocol.md#get_cos_sign): a body without a
   * valid userid names no session, so it fails the signature check (498) instead of validation (602).
   */
  signatureOnly?: boolean;
  handle(ctx: ServerContext, input: EndpointInput): Promise<PathReply>;
}

export function endpoint(def: PathEndpoint): PathEndpoint {
  return def;
}
