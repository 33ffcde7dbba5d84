/**
 * `capstan image-triggers …`: image triggers (the Tencent CCR/TCR family) and their log. `preview` asks the
 * server which tags a condition would fire for (the same RE2 engine and rules as a real push); `logs` lists
 * firings with the ListTriggerLog filters.
 */
import {
  INVOKE_METHODS, TRIGGER_LOG_ORDER_BY, TRIGGER_LOG_STATUSES, WORKLOAD_KINDS, allItems, type ImageTrigger, type InvokeMethod, type TriggerLog,
  type TriggerLogListParams, type TriggerLogOrderBy, type TriggerLogStatus, type UpdateImageTriggerInput, type WorkloadKind,
} from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { firstItems } from '../first-items.ts';
import { firstArg, flagOption, listOption, requiredOption, stringOption, type CommandContext, type CommandGroup } from '../command.ts';
import type { Column } from '../output.ts';
import { quarantineCommand } from './image-trigger-quarantine.ts';
import { wholeNumber } from './tokens.ts';

const FIELDS: readonly Column<ImageTrigger>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'name', value: (t) => t.name },
  { header: 'repository', value: (t) => (t.registryHost ? `${t.registryHost}/${t.repository}` : t.repository) },
  { header: 'condition', value: (t) => (t.condition.method === 'all' ? 'all' : `${t.condition.method}: ${t.condition.expr}`) },
  { header: 'target', value: (t) => `${t.clusterId}/${t.namespace}/${t.workloadKind}/${t.workloadName}:${t.containerName}` },
  { header: 'pin digest', value: (t) => (t.pinDigest ? 'yes' : 'no') },
  { header: 'downgrades', value: (t) => (t.allowDowngrade ? 'allowed' : 'skipped (no-downgrade guard)') },
  { header: 'created', value: (t) => t.createdAt },
];
const COLUMNS = FIELDS.filter((f) => f.header !== 'pin digest' && f.header !== 'downgrades').map((f) => ({ ...f, header: f.header.toUpperCase() }));

const LOG_COLUMNS: readonly Column<TriggerLog>[] = [
  { header: 'FIRED', value: (l) => l.invokedAt },
  { header: 'TRIGGER', value: (l) => l.triggerName },
  { header: 'TAG', value: (l) => `${l.repository}:${l.tag}` },
  { header: 'STATUS', value: (l) => l.status },
  { header: 'RECORD', value: (l) => l.recordId },
  { header: 'RESULT', value: (l) => l.result.returnMsg },
];

const HELP = 'capstan image-triggers';
const CONDITION_OPTIONS = {
  method: { type: 'string', valueName: 'all|taglist|regex', description: 'all: every tag; taglist: one of the tags in --expr; regex: tags --expr matches' },
  expr: { type: 'string', description: 'Tags separated by ";" (taglist) or an RE2 pattern, unanchored (regex)' },
} as const;

function method(ctx: CommandContext, command: string): InvokeMethod | undefined {
  const value = stringOption(ctx, 'method');
  if (value !== undefined && !(INVOKE_METHODS as readonly string[]).includes(value)) {
    throw new UsageError(`--method must be one of: ${INVOKE_METHODS.join(', ')}`, `${HELP} ${command}`);
  }
  return value as InvokeMethod | undefined;
}

function kind(ctx: CommandContext, command: string): WorkloadKind | undefined {
  const value = stringOption(ctx, 'kind');
  if (value !== undefined && !(WORKLOAD_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`--kind must be one of: ${WORKLOAD_KINDS.join(', ')}`, `${HELP} ${command}`);
  }
  return value as WorkloadKind | undefined;
}

/** --from/--to: RFC 3339 or a date; sent as RFC 3339. */
function instant(ctx: CommandContext, name: string): string | undefined {
  const value = stringOption(ctx, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be a date or time, e.g. 2026-11-23T08:00:00Z`, `${HELP} logs`);
  return date.toISOString();
}

export const imageTriggersCommands: CommandGroup = {
  name: 'image-triggers',
  summary: 'Image triggers: a push of a matching tag sets a container\'s image; and their log',
  commands: [
    {
      name: 'create',
      summary: 'Create an image trigger',
      options: {
        name: { type: 'string', required: true, description: 'Trigger name: letters, digits, _ and -' },
        repository: { type: 'string', required: true, valueName: 'PATH', description: 'Repository path in the registry, e.g. team/web' },
        'registry-host': { type: 'string', valueName: 'HOST', description: 'Only pushes from this registry host fire' },
        ...CONDITION_OPTIONS,
        cluster: { type: 'string', required: true, valueName: 'ID', description: 'Cluster id' },
        namespace: { type: 'string', required: true, description: 'Namespace of the workload' },
        kind: { type: 'string', valueName: 'KIND', description: `Workload kind: ${WORKLOAD_KINDS.join(', ')} (default Deployment)` },
        workload: { type: 'string', required: true, valueName: 'NAME', description: 'Workload name' },
        container: { type: 'string', required: true, valueName: 'NAME', description: 'Container whose image is set' },
        'no-pin-digest': { type: 'boolean', description: 'Deploy repo:tag instead of repo:tag@digest' },
        'allow-downgrade': { type: 'boolean', description: 'Also deploy a tag that is a lower semantic version than the running one (default: skip it)' },
      },
      async run(ctx) {
        const m = method(ctx, 'create') ?? 'all';
        const expr = stringOption(ctx, 'expr');
        if (m !== 'all' && expr === undefined) throw new UsageError(`--method ${m} needs --expr`, `${HELP} create`);
        const host = stringOption(ctx, 'registry-host');
        const k = kind(ctx, 'create');
        const created = await ctx.client().imageTriggers.create({
          name: requiredOption(ctx, 'name'), repository: requiredOption(ctx, 'repository'), ...(host ? { registryHost: host } : {}),
          condition: { method: m, ...(expr !== undefined ? { expr } : {}) },
          clusterId: requiredOption(ctx, 'cluster'), namespace: requiredOption(ctx, 'namespace'), ...(k ? { workloadKind: k } : {}),
          workloadName: requiredOption(ctx, 'workload'), containerName: requiredOption(ctx, 'container'),
          ...(flagOption(ctx, 'no-pin-digest') ? { pinDigest: false } : {}),
          ...(flagOption(ctx, 'allow-downgrade') ? { allowDowngrade: true } : {}),
        });
        ctx.print.object(created, FIELDS);
      },
    },
    {
      name: 'list',
      summary: 'List image triggers',
      options: {
        repository: { type: 'string', valueName: 'PATH', description: 'Only triggers of this repository' },
        cluster: { type: 'string', valueName: 'ID', description: 'Only triggers that set images on this cluster' },
      },
      async run(ctx) {
        const client = ctx.client();
        const repository = stringOption(ctx, 'repository');
        const clusterId = stringOption(ctx, 'cluster');
        ctx.print.list(await allItems((page) => client.imageTriggers.list({ ...page, ...(repository ? { repository } : {}), ...(clusterId ? { clusterId } : {}) })), COLUMNS);
      },
    },
    {
      name: 'get',
      summary: 'Show an image trigger',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().imageTriggers.get(firstArg(ctx)), FIELDS);
      },
    },
    {
      name: 'update',
      summary: 'Change an image trigger (only the options given)',
      args: ['id'],
      options: {
        name: { type: 'string', description: 'New name' },
        repository: { type: 'string', valueName: 'PATH', description: 'New repository path' },
        ...CONDITION_OPTIONS,
        namespace: { type: 'string', description: 'New namespace' },
        kind: { type: 'string', valueName: 'KIND', description: 'New workload kind' },
        workload: { type: 'string', valueName: 'NAME', description: 'New workload name' },
        container: { type: 'string', valueName: 'NAME', description: 'New container' },
        'allow-downgrade': { type: 'boolean', description: 'Deploy tags that are lower semantic versions than the running one' },
        'no-allow-downgrade': { type: 'boolean', description: 'Skip them again (the no-downgrade guard)' },
      },
      async run(ctx) {
        const m = method(ctx, 'update');
        const [allow, deny] = [flagOption(ctx, 'allow-downgrade'), flagOption(ctx, 'no-allow-downgrade')];
        if (allow && deny) throw new UsageError('give --allow-downgrade or --no-allow-downgrade, not both', `${HELP} update`);
        const expr = stringOption(ctx, 'expr');
        const k = kind(ctx, 'update');
        const pick = (option: string) => stringOption(ctx, option);
        const changes: UpdateImageTriggerInput = {
          ...(pick('name') !== undefined ? { name: pick('name') } : {}), ...(pick('repository') !== undefined ? { repository: pick('repository') } : {}),
          ...(m !== undefined || expr !== undefined ? { condition: { ...(m ? { method: m } : {}), ...(expr !== undefined ? { expr } : {}) } } : {}),
          ...(pick('namespace') !== undefined ? { namespace: pick('namespace') } : {}), ...(k ? { workloadKind: k } : {}),
          ...(pick('workload') !== undefined ? { workloadName: pick('workload') } : {}), ...(pick('container') !== undefined ? { containerName: pick('container') } : {}),
          ...(allow || deny ? { allowDowngrade: allow } : {}),
        };
        if (Object.keys(changes).length === 0) throw new UsageError('nothing to change', `${HELP} update`);
        ctx.print.object(await ctx.client().imageTriggers.update(firstArg(ctx), changes), FIELDS);
      },
    },
    {
      name: 'delete',
      summary: 'Delete an image trigger (its log stays)',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().imageTriggers.delete(id);
        ctx.print.done(`Deleted image trigger ${id}.`, { id, deleted: true });
      },
    },
    {
      name: 'preview',
      summary: 'Which tags a condition (or an existing trigger with --trigger) would fire for',
      options: {
        ...CONDITION_OPTIONS,
        trigger: { type: 'string', valueName: 'ID', description: 'Use this trigger\'s condition instead of --method/--expr' },
        tag: { type: 'string', required: true, multiple: true, description: 'A tag to try' },
      },
      async run(ctx) {
        const tags = listOption(ctx, 'tag');
        const trigger = stringOption(ctx, 'trigger');
        const client = ctx.client();
        const m = method(ctx, 'preview');
        if (trigger === undefined && m === undefined) throw new UsageError('give --method (and --expr) or --trigger', `${HELP} preview`);
        const expr = stringOption(ctx, 'expr');
        const preview = trigger !== undefined
          ? await client.imageTriggers.preview(trigger, tags)
          : await client.imageTriggers.previewCondition({ method: m ?? 'all', ...(expr !== undefined ? { expr } : {}) }, tags);
        if (ctx.print.format === 'json') ctx.print.done('', preview);
        else ctx.print.list(preview.items, [{ header: 'TAG', value: (i) => i.tag }, { header: 'FIRES', value: (i) => (i.matches ? 'yes' : 'no') }]);
      },
    },
    {
      name: 'logs',
      summary: 'The trigger log: firings, newest first unless --order/--order-by say otherwise, with the ListTriggerLog filters',
      options: {
        repository: { type: 'string', valueName: 'PATH', description: 'Only firings of this repository' },
        trigger: { type: 'string', valueName: 'ID', description: 'Only firings of this trigger' },
        status: { type: 'string', valueName: 'STATUS', description: `Only this status: ${TRIGGER_LOG_STATUSES.join(', ')}` },
        from: { type: 'string', valueName: 'TIME', description: 'Fired at or after (RFC 3339 or a date)' },
        to: { type: 'string', valueName: 'TIME', description: 'Fired at or before (RFC 3339 or a date)' },
        limit: { type: 'string', valueName: 'N', description: 'Show at most N (default 50)' },
        order: { type: 'string', valueName: 'asc|desc', description: 'Sort direction (default desc)' },
        'order-by': { type: 'string', valueName: 'KEY', description: `Sort key: ${TRIGGER_LOG_ORDER_BY.join(', ')} (default invokeTime); ties in firing order` },
      },
      async run(ctx) {
        const status = stringOption(ctx, 'status');
        const [order, orderBy] = [stringOption(ctx, 'order'), stringOption(ctx, 'order-by')];
        if (order !== undefined && order !== 'asc' && order !== 'desc') throw new UsageError('--order must be asc or desc', `${HELP} logs`);
        if (orderBy !== undefined && !(TRIGGER_LOG_ORDER_BY as readonly string[]).includes(orderBy)) {
          throw new UsageError(`--order-by must be one of: ${TRIGGER_LOG_ORDER_BY.join(', ')}`, `${HELP} logs`);
        }
        if (status !== undefined && !(TRIGGER_LOG_STATUSES as readonly string[]).includes(status)) {
          throw new UsageError(`--status must be one of: ${TRIGGER_LOG_STATUSES.join(', ')}`, `${HELP} logs`);
        }
        const raw = stringOption(ctx, 'limit');
        const max = raw === undefined ? 50 : Math.max(1, wholeNumber(raw, '--limit', `${HELP} logs`));
        const [from, to, repository, triggerId] = [instant(ctx, 'from'), instant(ctx, 'to'), stringOption(ctx, 'repository'), stringOption(ctx, 'trigger')];
        const filters: TriggerLogListParams = {
          ...(repository ? { repository } : {}), ...(triggerId ? { triggerId } : {}), ...(status ? { status: status as TriggerLogStatus } : {}),
          ...(from ? { from } : {}), ...(to ? { to } : {}),
          ...(order ? { order } : {}), ...(orderBy ? { orderBy: orderBy as TriggerLogOrderBy } : {}),
        };
        const client = ctx.client();
        ctx.print.list(await firstItems(max, (page) => client.imageTriggers.logs({ ...filters, ...page })), LOG_COLUMNS);
      },
    },
    quarantineCommand,
  ],
};
