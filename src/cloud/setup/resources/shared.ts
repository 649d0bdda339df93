/** Helpers the resources share: the push domain and callback URL exactly as doctor computes them, masked diffs. */
import { mask } from '../../../secrets/mask.js';
import { expectedCallbackUrl, pushDomainOf } from '../../../doctor/probe/cloud-clients.js';
import type { DomainInfo } from '../../live.js';
import type { FieldChange, SetupContext } from '../types.js';

export { appliesToApp, enabledFormats } from '../../../doctor/probe/live-bindings.js';
export { pushDomainOf };

/** Templates minilvb creates are named so; only these are modified without --adopt. */
export const OWN_NAME = 'minilvb';

export function isOwn(name: string | undefined): boolean {
  return (name ?? '').toLowerCase().startsWith(OWN_NAME);
}

/** A changed field; secrets appear masked. */
export function change(
  field: string,
  from: string | number | undefined,
  to: string | number,
  secret = false,
): FieldChange {
  const show = (v: string | number | undefined): string =>
    v === undefined || v === '' ? '(none)' : secret ? mask(String(v)) : String(v);
  return { field, from: show(from), to: show(to) };
}

/** The recording callback URL doctor expects (server.publicUrl + /callback/tape_callback.php), or undefined. */
export function callbackUrlOf(ctx: SetupContext): string | undefined {
  const url = ctx.config.server.publicUrl;
  return url ? expectedCallbackUrl(url) : undefined;
}

/** The account's live domains, read once per plan. */
export function liveDomains(ctx: SetupContext): Promise<DomainInfo[]> {
  const live = ctx.clients.live;
  if (!live) return Promise.resolve([]);
  return ctx.memo('live:domains', async () => {
    const r = await ctx.call('DescribeLiveDomains', () => live.describeLiveDomains({ PageSize: 100 }));
    return r.domains;
  });
}

const DOMAIN_MISSING =
  /^(ResourceNotFound|InternalError|InvalidParameter)\.(DomainNotExist|(Push|Play)DomainNoRecord)$/;

/** True for the API's "no such domain" answers: a per-domain setting of a missing domain reads as empty. */
export function isDomainMissing(err: unknown): boolean {
  const code = (err as { info?: { cloudCode?: string } }).info?.cloudCode ?? '';
  return DOMAIN_MISSING.test(code);
}

/** Requires the live client (resources that need it skip without it). */
export function liveOf(ctx: SetupContext): NonNullable<SetupContext['clients']['live']> {
  const live = ctx.clients.live;
  if (!live) throw new Error('no live client: the resource should have been skipped');
  return live;
}

export const NO_LIVE = 'no cloud API key (set cloud.secretId and cloud.secretKey)';

/**
 * Why a Live resource on the push domain does not apply: no cloud API key, no push domain, or (given
 * `needs`) an lvb value it would write is not set; undefined when it applies.
 */
export function skipUnlessPushDomain(ctx: SetupContext, needs?: 'apiKey' | 'pushKey'): string | undefined {
  if (!ctx.clients.live) return NO_LIVE;
  if (!pushDomainOf(ctx.config)) return 'no push domain';
  if (needs && !ctx.config.lvb[needs]) return `lvb.${needs} is not set`;
  return undefined;
}
