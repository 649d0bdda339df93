/** The callback/record templates bound to the push domain (AppName `live` or empty = every app). */
import type { CallBackTemplateInfo, RecordTemplateInfo } from '../../cloud/live.js';
import type { CloudFailure } from '../../cloud/result.js';
import type { CheckContext } from '../check.js';
import { liveCall, pushDomainOf } from './cloud-clients.js';

/** A rule applies to the Mini LVB streams when it names the push domain and AppName live (or all apps). */
export function appliesToApp(
  rule: { DomainName?: string; AppName?: string; StreamName?: string },
  domain: string,
): boolean {
  return rule.DomainName === domain && (rule.AppName === 'live' || !rule.AppName);
}

/** The callback template bound to the push domain, with what doctor found on the way. */
export type BoundCallback =
  | { ok: true; domain: string; template: CallBackTemplateInfo; templates: CallBackTemplateInfo[] }
  | { ok: false; domain: string; templates: CallBackTemplateInfo[]; otherApps: string[] }
  | { ok: 'error'; failure: CloudFailure; action: string }
  | undefined;

export async function boundCallbackTemplate(ctx: CheckContext): Promise<BoundCallback> {
  const want = pushDomainOf(ctx.config);
  if (!want) return undefined;
  const [templates, rules] = await Promise.all([
    liveCall(ctx, 'callback-templates', (c) => c.describeCallbackTemplates()),
    liveCall(ctx, 'callback-rules', (c) => c.describeCallbackRules()),
  ]);
  if (!templates || !rules) return undefined;
  if (!templates.ok) return { ok: 'error', failure: templates, action: 'DescribeLiveCallbackTemplates' };
  if (!rules.ok) return { ok: 'error', failure: rules, action: 'DescribeLiveCallbackRules' };
  for (const rule of rules.rules.filter((r) => appliesToApp(r, want.domain))) {
    const template = templates.templates.find((t) => t.TemplateId === rule.TemplateId);
    if (template) return { ok: true, domain: want.domain, template, templates: templates.templates };
  }
  const otherApps = rules.rules.filter((r) => r.DomainName === want.domain).map((r) => r.AppName ?? '');
  return { ok: false, domain: want.domain, templates: templates.templates, otherApps };
}

/** The recording formats a template switches on (MP4, HLS, …). */
export function enabledFormats(t: RecordTemplateInfo): string[] {
  const params: Array<[string, { Enable?: number } | undefined]> = [
    ['FLV', t.FlvParam],
    ['HLS', t.HlsParam],
    ['MP4', t.Mp4Param],
    ['AAC', t.AacParam],
    ['MP3', (t as { Mp3Param?: { Enable?: number } }).Mp3Param],
  ];
  return params.filter(([, p]) => p?.Enable === 1).map(([name]) => name);
}
