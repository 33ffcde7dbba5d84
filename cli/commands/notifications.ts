/**
 * `capstan notifications …`: notification channels, the HTTP endpoints that hear about deploy records as they
 * finish (Standard Webhooks signed; `json` envelope or a Slack message). The signing secret exists only in the
 * create response, so create is the one place the CLI prints it, with a warning on stderr. A URL that is itself a
 * credential (Slack's) can be read from --url-file (or stdin with -) to keep it out of shell history.
 */
import {
  NOTIFICATION_EVENTS, NOTIFICATION_FORMATS, allItems,
  type NotificationChannel, type NotificationChannelChanges, type NotificationDelivery, type NotificationEvent, type NotificationFilter, type NotificationFormat,
} from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { firstArg, flagOption, listOption, requiredOption, stringOption, type CommandContext, type CommandGroup, type OptionSpecs } from '../command.ts';
import { firstItems } from '../first-items.ts';
import type { Column } from '../output.ts';
import { readSecret } from '../read-secret.ts';
import { wholeNumber } from './tokens.ts';

const HELP = 'capstan notifications';
const ORIGINS = ['api', 'pipeline', 'trigger-url', 'image-push'] as const;

const filterText = (f: NotificationFilter) =>
  Object.entries(f).map(([k, v]) => `${k}=${String(v)}`).join(', ') || null;

const FIELDS: readonly Column<NotificationChannel>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'name', value: (c) => c.name },
  { header: 'url', value: (c) => c.urlDisplay },
  { header: 'events', value: (c) => c.events.join(', ') },
  { header: 'format', value: (c) => c.format },
  { header: 'filter', value: (c) => filterText(c.filter) },
  { header: 'enabled', value: (c) => (c.enabled ? 'yes' : 'no') },
  { header: 'created', value: (c) => c.createdAt },
  { header: 'updated', value: (c) => c.updatedAt },
];
const COLUMNS: readonly Column<NotificationChannel>[] = [
  { header: 'ID', value: (c) => c.id },
  { header: 'NAME', value: (c) => c.name },
  { header: 'URL', value: (c) => c.urlDisplay },
  { header: 'EVENTS', value: (c) => c.events.join(',') },
  { header: 'FORMAT', value: (c) => c.format },
  { header: 'FILTER', value: (c) => filterText(c.filter) },
  { header: 'ENABLED', value: (c) => (c.enabled ? 'yes' : 'no') },
];
const DELIVERY_COLUMNS: readonly Column<NotificationDelivery>[] = [
  { header: 'AT', value: (d) => d.at },
  { header: 'EVENT', value: (d) => d.event },
  { header: 'RECORD', value: (d) => d.recordId },
  { header: 'ATTEMPT', value: (d) => d.attempt },
  { header: 'OUTCOME', value: (d) => d.outcome },
  { header: 'STATUS', value: (d) => d.statusCode },
  { header: 'MS', value: (d) => d.durationMs },
  { header: 'MESSAGE ID', value: (d) => d.messageId },
  { header: 'ERROR', value: (d) => d.error },
];

const SHARED_OPTIONS: OptionSpecs = {
  url: { type: 'string', description: 'Absolute http(s) URL to POST to (stored encrypted)' },
  'url-file': { type: 'string', valueName: 'FILE|-', description: 'Read the URL from a file or - for stdin instead (for URLs that are credentials, like Slack\'s)' },
  event: { type: 'string', multiple: true, valueName: 'EVENT', description: `Send on this event; repeat for more: ${NOTIFICATION_EVENTS.join(', ')} (default: record.failed and record.stopped)` },
  format: { type: 'string', valueName: 'FORMAT', description: `${NOTIFICATION_FORMATS.join(' or ')} (default json)` },
  origin: { type: 'string', valueName: 'ORIGIN', description: `Only records started this way: ${ORIGINS.join(', ')}` },
  task: { type: 'string', valueName: 'ID', description: 'Only records of this deploy task' },
  trigger: { type: 'string', valueName: 'ID', description: 'Only records of this trigger' },
  cluster: { type: 'string', valueName: 'ID', description: 'Only records that act on this cluster' },
};

async function urlOption(ctx: CommandContext, command: string): Promise<string | undefined> {
  const [url, file] = [stringOption(ctx, 'url'), stringOption(ctx, 'url-file')];
  if (url !== undefined && file !== undefined) throw new UsageError('give --url or --url-file, not both', `${HELP} ${command}`);
  return file === undefined ? url : readSecret(ctx.io, file, 'URL', `${HELP} ${command}`);
}

function events(ctx: CommandContext, command: string): NotificationEvent[] | undefined {
  const given = listOption(ctx, 'event');
  if (given.length === 0) return undefined;
  for (const e of given) {
    if (!(NOTIFICATION_EVENTS as readonly string[]).includes(e)) throw new UsageError(`unknown event "${e}" (one of ${NOTIFICATION_EVENTS.join(', ')})`, `${HELP} ${command}`);
  }
  return given as NotificationEvent[];
}

function format(ctx: CommandContext, command: string): NotificationFormat | undefined {
  const value = stringOption(ctx, 'format');
  if (value !== undefined && !(NOTIFICATION_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be ${NOTIFICATION_FORMATS.join(' or ')}`, `${HELP} ${command}`);
  }
  return value as NotificationFormat | undefined;
}

/** The filter the options name; undefined when none is given. */
function filter(ctx: CommandContext, command: string): NotificationFilter | undefined {
  const origin = stringOption(ctx, 'origin');
  if (origin !== undefined && !(ORIGINS as readonly string[]).includes(origin)) throw new UsageError(`--origin must be one of ${ORIGINS.join(', ')}`, `${HELP} ${command}`);
  const [taskId, triggerId, clusterId] = [stringOption(ctx, 'task'), stringOption(ctx, 'trigger'), stringOption(ctx, 'cluster')];
  const f: NotificationFilter = {
    ...(origin !== undefined ? { origin: origin as NonNullable<NotificationFilter['origin']> } : {}),
    ...(taskId !== undefined ? { taskId } : {}), ...(triggerId !== undefined ? { triggerId } : {}), ...(clusterId !== undefined ? { clusterId } : {}),
  };
  return Object.keys(f).length === 0 ? undefined : f;
}

export const notificationsCommands: CommandGroup = {
  name: 'notifications',
  summary: 'Notification channels: signed webhooks (or Slack messages) when deploy records finish',
  commands: [
    {
      name: 'list',
      summary: 'List notification channels, newest first (never their secrets or full URLs)',
      async run(ctx) {
        const client = ctx.client();
        ctx.print.list(await allItems((page) => client.notifications.list(page)), COLUMNS);
      },
    },
    {
      name: 'create',
      summary: 'Create a channel; its signing secret is printed once',
      description: 'Every message is signed with Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) under the printed whsec_ secret: give it to the receiver now. Admin only.',
      options: {
        name: { type: 'string', required: true, description: 'Channel name' },
        ...SHARED_OPTIONS,
        disabled: { type: 'boolean', description: 'Create it without sending yet' },
      },
      async run(ctx) {
        const url = await urlOption(ctx, 'create');
        if (url === undefined) throw new UsageError('missing --url (or --url-file)', `${HELP} create`);
        const [evs, fmt, flt] = [events(ctx, 'create'), format(ctx, 'create'), filter(ctx, 'create')];
        const created = await ctx.client().notifications.create({
          name: requiredOption(ctx, 'name'), url,
          ...(evs ? { events: evs } : {}), ...(fmt ? { format: fmt } : {}), ...(flt ? { filter: flt } : {}),
          ...(flagOption(ctx, 'disabled') ? { enabled: false } : {}),
        });
        ctx.print.object(created, [...FIELDS, { header: 'secret', value: (c) => c.secret }]);
        ctx.io.stderr('warning: the signing secret is shown only this once; store it in the receiver now.\n');
      },
    },
    {
      name: 'get',
      summary: 'Show a channel (never its secret; the URL only as its origin)',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().notifications.get(firstArg(ctx)), FIELDS);
      },
    },
    {
      name: 'update',
      summary: 'Change a channel (only the options given; filter options replace the whole filter)',
      args: ['id'],
      options: {
        name: { type: 'string', description: 'New name' },
        ...SHARED_OPTIONS,
        'no-filter': { type: 'boolean', description: 'Hear about every record again' },
        enable: { type: 'boolean', description: 'Start sending' },
        disable: { type: 'boolean', description: 'Stop sending (queued messages are skipped)' },
      },
      async run(ctx) {
        const help = `${HELP} update`;
        if (flagOption(ctx, 'enable') && flagOption(ctx, 'disable')) throw new UsageError('give --enable or --disable, not both', help);
        const flt = filter(ctx, 'update');
        if (flt && flagOption(ctx, 'no-filter')) throw new UsageError('give filter options or --no-filter, not both', help);
        const [url, evs, fmt, name] = [await urlOption(ctx, 'update'), events(ctx, 'update'), format(ctx, 'update'), stringOption(ctx, 'name')];
        const enabled = flagOption(ctx, 'enable') ? true : flagOption(ctx, 'disable') ? false : undefined;
        const changes: NotificationChannelChanges = {
          ...(name !== undefined ? { name } : {}), ...(url !== undefined ? { url } : {}), ...(evs ? { events: evs } : {}), ...(fmt ? { format: fmt } : {}),
          ...(flt ? { filter: flt } : flagOption(ctx, 'no-filter') ? { filter: null } : {}), ...(enabled !== undefined ? { enabled } : {}),
        };
        if (Object.keys(changes).length === 0) throw new UsageError('nothing to change', help);
        ctx.print.object(await ctx.client().notifications.update(firstArg(ctx), changes), FIELDS);
      },
    },
    {
      name: 'delete',
      summary: 'Delete a channel and its delivery log',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().notifications.delete(id);
        ctx.print.done(`Deleted notification channel ${id}.`, { id, deleted: true });
      },
    },
    {
      name: 'test',
      summary: 'Queue a signed test message to the channel (sent even when it is disabled)',
      args: ['id'],
      async run(ctx) {
        const queued = await ctx.client().notifications.test(firstArg(ctx));
        ctx.print.done(`Queued test message ${queued.messageId}; see \`capstan notifications deliveries ${queued.channelId}\`.`, queued);
      },
    },
    {
      name: 'deliveries',
      summary: 'List a channel\'s delivery attempts, newest first',
      args: ['id'],
      options: { limit: { type: 'string', valueName: 'N', description: 'Show at most N (default 50)' } },
      async run(ctx) {
        const raw = stringOption(ctx, 'limit');
        const max = raw === undefined ? 50 : Math.max(1, wholeNumber(raw, '--limit', `${HELP} deliveries`));
        const client = ctx.client();
        const id = firstArg(ctx);
        ctx.print.list(await firstItems(max, (page) => client.notifications.deliveries(id, page)), DELIVERY_COLUMNS);
      },
    },
  ],
};
