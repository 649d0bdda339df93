/**
 * lvb.domains: the push (and play) domain exist, are enabled and their CNAME is active, as lvb.push-domain
 * checks. Adding a domain needs ICP filing and a DNS record, so apply adds one only with --add-domains.
 */
import type { DomainInfo } from '../../live.js';
import { defineResource, type ApplyStep, type FieldChange } from '../types.js';
import { change, liveDomains, liveOf, NO_LIVE, pushDomainOf } from './shared.js';

interface WantedDomain {
  name: string;
  type: 0 | 1;
  /** `{bizid}.livepush.myqcloud.com`: Tencent's own, it cannot be added. */
  legacy: boolean;
}

const KIND = ['push', 'play'] as const;

export default defineResource({
  id: 'lvb.domains',
  title: 'Live push and play domains',
  skip: (ctx) =>
    !ctx.clients.live ? NO_LIVE : !pushDomainOf(ctx.config) ? 'no lvb.pushDomain or lvb.bizId' : undefined,
  read: (ctx) => liveDomains(ctx),
  desired(ctx): WantedDomain[] {
    const push = pushDomainOf(ctx.config);
    const play = ctx.config.lvb.playDomain;
    return [
      ...(push ? [{ name: push.domain, type: 0 as const, legacy: push.legacy }] : []),
      ...(play ? [{ name: play, type: 1 as const, legacy: false }] : []),
    ];
  },
  diff(current: DomainInfo[], wanted: WantedDomain[], ctx) {
    const notes: string[] = [];
    const changes: FieldChange[] = [];
    const steps: ApplyStep[] = [];
    let manual = false;
    let blocks = false;
    for (const w of wanted) {
      const kind = KIND[w.type];
      const d = current.find((x) => x.Name === w.name);
      if (!d) {
        if (ctx.options.addDomains && !w.legacy) {
          changes.push(change(`${kind} domain`, undefined, w.name));
          steps.push({
            action: 'AddLiveDomain',
            description: `AddLiveDomain ${w.name} (${kind})`,
            run: async (c) => {
              const live = liveOf(c);
              await c.call('AddLiveDomain', () =>
                live.addLiveDomain({ DomainName: w.name, DomainType: w.type, PlayType: 1 }),
              );
            },
          });
          notes.push(`after adding ${w.name}: create its DNS CNAME record (the console shows the target)`);
        } else {
          manual = true;
          if (w.type === 0) blocks = true;
          notes.push(
            `${kind} domain ${w.name} is not in the account: add it in the live console (Domain Management; ` +
              `it needs ICP filing)${w.legacy ? '' : ', or pass --add-domains'}`,
          );
        }
        continue;
      }
      if (d.Type !== w.type) {
        manual = true;
        if (w.type === 0) blocks = true;
        notes.push(
          `${w.name} is a ${KIND[d.Type === 1 ? 1 : 0]} domain, not a ${kind} domain: correct lvb.${kind}Domain`,
        );
      } else if (d.Status !== 1) {
        manual = true;
        notes.push(`${kind} domain ${w.name} is disabled: enable it in Domain Management`);
      } else if (!w.legacy && d.TargetDomain && d.CurrentCName !== d.TargetDomain) {
        manual = true;
        notes.push(`the CNAME of ${w.name} is not active: create the DNS record ${w.name} CNAME ${d.TargetDomain}`);
      } else notes.push(`${kind} domain ${w.name} is enabled${w.legacy ? '' : ' and its CNAME is active'}`);
    }
    if (steps.length > 0) return { action: 'create', changes, notes, steps };
    return { action: manual ? 'manual' : 'ok', notes, blocks };
  },
});
