/**
 * lvb.callback-template: a callback template with RecordNotifyUrl = the server's callback URL and CallbackKey =
 * lvb.apiKey, bound to the push domain by a rule (lvb.callback-rule, -url, -key). Existing templates are found by
 * content and adopted when they match; only minilvb-named ones are modified, unless --adopt. A foreign template
 * bound to the domain is reported and left alone.
 */
import type { CallBackRuleInfo, CallBackTemplateInfo } from '../../live.js';
import { defineResource, type ApplyStep, type FieldChange, type SetupContext } from '../types.js';
import {
  appliesToApp,
  callbackUrlOf,
  change,
  isOwn,
  liveOf,
  skipUnlessPushDomain,
  OWN_NAME,
  pushDomainOf,
} from './shared.js';

interface Current {
  templates: CallBackTemplateInfo[];
  rules: CallBackRuleInfo[];
}

interface Desired {
  domain: string;
  url: string | undefined;
  key: string;
}

const name = (t: CallBackTemplateInfo): string => `${t.TemplateName ?? ''} (${t.TemplateId ?? ''})`;

function fieldChanges(t: CallBackTemplateInfo, want: Desired & { url: string }): FieldChange[] {
  return [
    ...(t.RecordNotifyUrl === want.url ? [] : [change('RecordNotifyUrl', t.RecordNotifyUrl, want.url)]),
    ...(t.CallbackKey === want.key ? [] : [change('CallbackKey', t.CallbackKey, want.key, true)]),
  ];
}

function modify(id: number, want: Desired & { url: string }): ApplyStep {
  return {
    action: 'ModifyLiveCallbackTemplate',
    description: `ModifyLiveCallbackTemplate ${id}: RecordNotifyUrl ${want.url}, CallbackKey lvb.apiKey`,
    run: async (c) => {
      const live = liveOf(c);
      await c.call('ModifyLiveCallbackTemplate', () =>
        live.modifyCallbackTemplate({ TemplateId: id, RecordNotifyUrl: want.url, CallbackKey: want.key }),
      );
    },
  };
}

function bind(domain: string, id: () => number): ApplyStep {
  return {
    action: 'CreateLiveCallbackRule',
    description: `CreateLiveCallbackRule ${domain} AppName live`,
    run: async (c) => {
      const live = liveOf(c);
      await c.call('CreateLiveCallbackRule', () =>
        live.createCallbackRule({ DomainName: domain, AppName: 'live', TemplateId: id() }),
      );
    },
  };
}

async function read(ctx: SetupContext): Promise<Current> {
  const live = liveOf(ctx);
  const [templates, rules] = await Promise.all([
    ctx.call('DescribeLiveCallbackTemplates', () => live.describeCallbackTemplates()),
    ctx.call('DescribeLiveCallbackRules', () => live.describeCallbackRules()),
  ]);
  return { templates: templates.templates, rules: rules.rules };
}

export default defineResource({
  id: 'lvb.callback-template',
  title: 'Recording callback template bound to the push domain',
  dependsOn: ['lvb.domains'],
  skip: (ctx) => skipUnlessPushDomain(ctx, 'apiKey'),
  read,
  desired: (ctx): Desired => ({
    domain: pushDomainOf(ctx.config)?.domain ?? '',
    url: callbackUrlOf(ctx),
    key: ctx.config.lvb.apiKey ?? '',
  }),
  diff(cur: Current, want: Desired, ctx) {
    const { url } = want;
    if (!url)
      return {
        action: 'manual',
        notes: ['server.publicUrl is not set: the callback URL Tencent must call is unknown (set server.publicUrl)'],
      };
    const w = { ...want, url };
    const matches = (t: CallBackTemplateInfo): boolean => t.RecordNotifyUrl === url && t.CallbackKey === want.key;
    const bound = cur.rules
      .filter((r) => appliesToApp(r, want.domain))
      .map((r) => cur.templates.find((t) => t.TemplateId === r.TemplateId))
      .find((t): t is CallBackTemplateInfo => t !== undefined);
    if (bound) {
      if (matches(bound)) return { action: 'ok', notes: [`${name(bound)} is bound to ${want.domain}`] };
      const changes = fieldChanges(bound, w);
      if (!isOwn(bound.TemplateName) && !ctx.options.adopt)
        return {
          action: 'manual',
          changes,
          notes: [
            `the template ${name(bound)} bound to ${want.domain} is not minilvb's: left alone ` +
              '(pass --adopt to modify it, or edit it in the console)',
          ],
        };
      return {
        action: 'update',
        changes,
        notes: [`${name(bound)} is bound to ${want.domain}`],
        steps: [modify(bound.TemplateId ?? 0, w)],
      };
    }
    const dangling = cur.rules.find((r) => r.DomainName === want.domain && (r.AppName ?? '') === 'live');
    if (dangling)
      return {
        action: 'manual',
        notes: [
          `the callback rule of ${want.domain}/live binds template ${dangling.TemplateId ?? ''}, which does not ` +
            'exist: delete that rule in the console (minilvb never deletes), then run apply again',
        ],
      };
    const rule = change('rule', undefined, `${want.domain}/live`);
    const same = cur.templates
      .filter(matches)
      .sort((a, b) => Number(isOwn(b.TemplateName)) - Number(isOwn(a.TemplateName)));
    const found = same[0];
    if (found)
      return {
        action: 'create',
        changes: [{ ...rule, to: `${rule.to} → ${name(found)}` }],
        notes: [`adopting ${name(found)}: it already has the callback URL and key`],
        steps: [bind(want.domain, () => found.TemplateId ?? 0)],
      };
    const own = cur.templates.find((t) => isOwn(t.TemplateName));
    if (own)
      return {
        action: 'update',
        changes: [...fieldChanges(own, w), { ...rule, to: `${rule.to} → ${name(own)}` }],
        steps: [modify(own.TemplateId ?? 0, w), bind(want.domain, () => own.TemplateId ?? 0)],
      };
    let created = 0;
    return {
      action: 'create',
      changes: [
        change('TemplateName', undefined, OWN_NAME),
        change('RecordNotifyUrl', undefined, url),
        change('CallbackKey', undefined, want.key, true),
        rule,
      ],
      steps: [
        {
          action: 'CreateLiveCallbackTemplate',
          description: `CreateLiveCallbackTemplate ${OWN_NAME}`,
          run: async (c) => {
            const live = liveOf(c);
            const r = await c.call('CreateLiveCallbackTemplate', () =>
              live.createCallbackTemplate({
                TemplateName: OWN_NAME,
                Description: 'Mini LVB recording callbacks (minilvb cloud apply)',
                StreamBeginNotifyUrl: url,
                StreamEndNotifyUrl: url,
                RecordNotifyUrl: url,
                CallbackKey: want.key,
              }),
            );
            created = r.templateId;
          },
        },
        bind(want.domain, () => created),
      ],
    };
  },
});
