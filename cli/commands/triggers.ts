/**
 * `capstan triggers …`: redeploy triggers (the ACK family). `create` prints the trigger URL once (with a warning
 * on stderr, as `tokens create` does for secrets); `invoke` calls a trigger URL as a CI job would and, with
 * --wait, follows the deploy record the call started.
 */
import { allItems, type Invocation, type Trigger, type TriggerType } from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { firstArg, flagOption, requiredOption, stringOption, type CommandGroup } from '../command.ts';
import { WAIT_OPTION, waitAndReport } from '../follow-record.ts';
import type { Column } from '../output.ts';
import { readInput } from '../read-input.ts';
import { wholeNumber } from './tokens.ts';

const FIELDS: readonly Column<Trigger>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'name', value: (t) => t.name },
  { header: 'type', value: (t) => t.type },
  { header: 'cluster', value: (t) => t.clusterId },
  { header: 'project', value: (t) => t.projectId },
  { header: 'ack id', value: (t) => t.ackId },
  { header: 'signed calls', value: (t) => (t.requireSignature ? 'required' : 'no') },
  { header: 'rate limit', value: (t) => (t.rateLimitPerMinute === null ? 'none' : `${t.rateLimitPerMinute}/min`) },
  { header: 'created', value: (t) => t.createdAt },
];

const COLUMNS = FIELDS.filter((f) => f.header !== 'ack id').map((f) => ({ ...f, header: f.header.toUpperCase() }));

const INVOCATION_COLUMNS: readonly Column<Invocation>[] = [
  { header: 'RECORD', value: (i) => i.recordId },
  { header: 'STATE', value: (i) => i.state },
  { header: 'ACTION', value: (i) => i.hookAction },
  { header: 'CALLED', value: (i) => i.createdAt },
  { header: 'FINISHED', value: (i) => i.finishedAt },
  { header: 'ERROR', value: (i) => i.error },
];

const TYPES: readonly TriggerType[] = ['deployment', 'application'];

export const triggersCommands: CommandGroup = {
  name: 'triggers',
  summary: 'Redeploy triggers: secret URLs that redeploy a Deployment or an application',
  commands: [
    {
      name: 'create',
      summary: 'Create a trigger; its URL is printed once',
      description: 'The URL is the credential: anyone holding it can redeploy the target. Delete the trigger to revoke it.',
      options: {
        cluster: { type: 'string', required: true, valueName: 'ID', description: 'Cluster id' },
        namespace: { type: 'string', required: true, description: 'Namespace of the target' },
        target: { type: 'string', required: true, valueName: 'NAME', description: 'Deployment name, or application name with --type application' },
        type: { type: 'string', valueName: 'deployment|application', description: 'What the trigger redeploys (default deployment)' },
        name: { type: 'string', description: 'Trigger name (default <target>-redeploy-<id>)' },
        'require-signature': { type: 'boolean', description: 'Calls must carry a Standard Webhooks signature (the secret is printed once)' },
        'rate-limit': { type: 'string', valueName: 'PER_MINUTE', description: 'Accepted calls per minute (default unlimited)' },
      },
      async run(ctx) {
        const type = stringOption(ctx, 'type');
        if (type !== undefined && !(TYPES as readonly string[]).includes(type)) {
          throw new UsageError('--type must be deployment or application', 'capstan triggers create');
        }
        const name = stringOption(ctx, 'name');
        const rate = stringOption(ctx, 'rate-limit');
        const created = await ctx.client().triggers.create({
          clusterId: requiredOption(ctx, 'cluster'), namespace: requiredOption(ctx, 'namespace'), target: requiredOption(ctx, 'target'),
          ...(type !== undefined ? { type: type as TriggerType } : {}),
          ...(name !== undefined ? { name } : {}),
          ...(flagOption(ctx, 'require-signature') ? { requireSignature: true } : {}),
          ...(rate !== undefined ? { rateLimitPerMinute: wholeNumber(rate, '--rate-limit', 'capstan triggers create') } : {}),
        });
        ctx.print.object(created, [
          ...FIELDS, { header: 'url', value: (t) => t.url }, ...(created.signingSecret ? [{ header: 'signing secret', value: () => created.signingSecret }] : []),
        ]);
        ctx.io.stderr('warning: the trigger URL is shown only this once; store it now (anyone holding it can redeploy the target).\n');
      },
    },
    {
      name: 'list',
      summary: 'List triggers',
      options: { cluster: { type: 'string', valueName: 'ID', description: 'Only the triggers of this cluster' } },
      async run(ctx) {
        const client = ctx.client();
        const clusterId = stringOption(ctx, 'cluster');
        ctx.print.list(await allItems((page) => client.triggers.list({ ...page, ...(clusterId ? { clusterId } : {}) })), COLUMNS);
      },
    },
    {
      name: 'get',
      summary: 'Show a trigger (never its URL)',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().triggers.get(firstArg(ctx)), FIELDS);
      },
    },
    {
      name: 'url',
      summary: 'Explain where a trigger\'s URL is (it is shown once, by create)',
      description: 'Capstan does not hand out a trigger URL again. Delete the trigger and create a new one to get a new URL.',
      args: ['id'],
      async run(ctx) {
        const trigger = await ctx.client().triggers.get(firstArg(ctx));
        ctx.io.stderr(`The URL of trigger ${trigger.name} was shown once, when it was created, and cannot be shown again.\n` +
          `To get a new URL: capstan triggers delete ${trigger.id}, then capstan triggers create --cluster ${trigger.clusterId} ` +
          `--namespace ${trigger.namespace} --target ${trigger.target}${trigger.type === 'application' ? ' --type application' : ''}\n`);
        return 1;
      },
    },
    {
      name: 'invoke',
      summary: 'Call a trigger URL as a CI job would; --wait follows the redeploy',
      description: 'Give the URL, or - to read it from stdin (keeps it out of the process list). Prints the deploy record id the call started.',
      args: ['url'],
      options: { wait: WAIT_OPTION },
      async run(ctx) {
        const arg = firstArg(ctx);
        const url = (arg === '-' ? await readInput(ctx.io, '-', 'trigger URL') : arg).trim();
        if (!/^https?:\/\//.test(url)) throw new UsageError('the trigger URL must be an http(s) URL', 'capstan triggers invoke');
        // The trigger URL is the credential of the call; the API token is only needed to follow the record.
        const wait = flagOption(ctx, 'wait');
        const client = ctx.client();
        const answer = await client.triggers.call(url);
        if (!wait) {
          ctx.print.done(`Accepted: deploy record ${answer.requestId}.`, answer);
          return undefined;
        }
        ctx.io.stderr(`Accepted: deploy record ${answer.requestId}.\n`);
        return waitAndReport(ctx, client, answer.requestId);
      },
    },
    {
      name: 'invocations',
      summary: 'Invocation history of a trigger: one deploy record per accepted call, newest first',
      args: ['id'],
      options: { limit: { type: 'string', valueName: 'N', description: 'Show at most N (default 20)' } },
      async run(ctx) {
        const raw = stringOption(ctx, 'limit');
        const limit = raw === undefined ? 20 : wholeNumber(raw, '--limit', 'capstan triggers invocations');
        const page = await ctx.client().triggers.invocations(firstArg(ctx), { limit: Math.min(Math.max(limit, 1), 200) });
        ctx.print.list(page.items, INVOCATION_COLUMNS);
      },
    },
    {
      name: 'delete',
      summary: 'Delete a trigger; its URL stops working at once',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().triggers.delete(id);
        ctx.print.done(`Deleted trigger ${id}.`, { id, deleted: true });
      },
    },
  ],
};
