/**
 * lvb.record-template: a recording template with MP4 on, bound to the whole push domain by a rule
 * (lvb.record-template, lvb.record-rule). The replay list needs MP4: HLS-only leaves play_url empty.
 */
import type { RecordTemplateInfo, RuleInfo } from '../../live.js';
import { defineResource, type ApplyStep, type SetupContext } from '../types.js';
import {
  appliesToApp,
  change,
  enabledFormats,
  isOwn,
  liveOf,
  skipUnlessPushDomain,
  OWN_NAME,
  pushDomainOf,
} from './shared.js';

interface Current {
  templates: RecordTemplateInfo[];
  rules: RuleInfo[];
}

const TEMPLATE = `${OWN_NAME}_mp4`;
const ON = { Enable: 1, RecordInterval: 1800, StorageTime: 0 };
const name = (t: RecordTemplateInfo): string => `${t.TemplateName ?? ''} (${t.TemplateId ?? ''})`;
const hasMp4 = (t: RecordTemplateInfo): boolean => t.Mp4Param?.Enable === 1;
const formats = (t: RecordTemplateInfo): string => enabledFormats(t).join('+') || 'off';

function enableMp4(id: number): ApplyStep {
  return {
    action: 'ModifyLiveRecordTemplate',
    description: `ModifyLiveRecordTemplate ${id}: Mp4Param Enable 1`,
    run: async (c) => {
      const live = liveOf(c);
      await c.call('ModifyLiveRecordTemplate', () => live.modifyRecordTemplate({ TemplateId: id, Mp4Param: ON }));
    },
  };
}

function bind(domain: string, id: () => number): ApplyStep {
  return {
    action: 'CreateLiveRecordRule',
    description: `CreateLiveRecordRule ${domain} AppName live`,
    run: async (c) => {
      const live = liveOf(c);
      await c.call('CreateLiveRecordRule', () =>
        live.createRecordRule({ DomainName: domain, AppName: 'live', StreamName: '', TemplateId: id() }),
      );
    },
  };
}

async function read(ctx: SetupContext): Promise<Current> {
  const live = liveOf(ctx);
  const [templates, rules] = await Promise.all([
    ctx.call('DescribeLiveRecordTemplates', () => live.describeRecordTemplates()),
    ctx.call('DescribeLiveRecordRules', () => live.describeRecordRules()),
  ]);
  return { templates: templates.templates, rules: rules.rules };
}

export default defineResource({
  id: 'lvb.record-template',
  title: 'MP4 recording template bound to the push domain',
  dependsOn: ['lvb.domains'],
  skip: (ctx) => skipUnlessPushDomain(ctx),
  read,
  desired: (ctx) => ({ domain: pushDomainOf(ctx.config)?.domain ?? '' }),
  diff(cur: Current, want, ctx) {
    const bound = cur.rules
      .filter((r) => appliesToApp(r, want.domain) && !r.StreamName)
      .map((r) => cur.templates.find((t) => t.TemplateId === r.TemplateId))
      .filter((t): t is RecordTemplateInfo => t !== undefined);
    const good = bound.find(hasMp4);
    if (good) return { action: 'ok', notes: [`${want.domain} records with ${name(good)}: ${formats(good)}`] };
    const first = bound[0];
    if (first) {
      const changes = [change('Mp4Param.Enable', first.Mp4Param?.Enable ?? 0, 1)];
      if (!isOwn(first.TemplateName) && !ctx.options.adopt)
        return {
          action: 'manual',
          changes,
          notes: [
            `the recording template ${name(first)} bound to ${want.domain} records ${formats(first)}, not MP4; ` +
              'left alone (pass --adopt to switch MP4 on, or do it in the console)',
          ],
        };
      return { action: 'update', changes, steps: [enableMp4(first.TemplateId ?? 0)] };
    }
    const dangling = cur.rules.find((r) => r.DomainName === want.domain && r.AppName === 'live' && !r.StreamName);
    if (dangling)
      return {
        action: 'manual',
        notes: [
          `the recording rule of ${want.domain}/live binds template ${dangling.TemplateId ?? ''}, which does not ` +
            'exist: delete that rule in the console (minilvb never deletes), then run apply again',
        ],
      };
    const rule = change('rule', undefined, `${want.domain}/live`);
    const found = cur.templates
      .filter(hasMp4)
      .sort((a, b) => Number(isOwn(b.TemplateName)) - Number(isOwn(a.TemplateName)))[0];
    if (found)
      return {
        action: 'create',
        changes: [{ ...rule, to: `${rule.to} → ${name(found)}` }],
        notes: [`adopting ${name(found)}: it records ${formats(found)}`],
        steps: [bind(want.domain, () => found.TemplateId ?? 0)],
      };
    const own = cur.templates.find((t) => isOwn(t.TemplateName));
    if (own)
      return {
        action: 'update',
        changes: [
          change('Mp4Param.Enable', own.Mp4Param?.Enable ?? 0, 1),
          { ...rule, to: `${rule.to} → ${name(own)}` },
        ],
        steps: [enableMp4(own.TemplateId ?? 0), bind(want.domain, () => own.TemplateId ?? 0)],
      };
    let created = 0;
    return {
      action: 'create',
      changes: [change('TemplateName', undefined, TEMPLATE), change('formats', undefined, 'MP4+HLS'), rule],
      steps: [
        {
          action: 'CreateLiveRecordTemplate',
          description: `CreateLiveRecordTemplate ${TEMPLATE} (MP4 + HLS)`,
          run: async (c) => {
            const live = liveOf(c);
            const r = await c.call('CreateLiveRecordTemplate', () =>
              live.createRecordTemplate({
                TemplateName: TEMPLATE,
                Description: 'Mini LVB replays (minilvb cloud apply)',
                Mp4Param: ON,
                HlsParam: { Enable: 1, StorageTime: 0 },
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
