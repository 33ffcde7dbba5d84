/**
 * `capstan receivers …`: registry webhook receivers. `create` prints the receiver URL to point the registry's
 * webhook at; the secret (HMAC key or shared header value, by the sender's rules) is read from --secret-file or
 * stdin and never shown again. Without a secret the URL itself is the credential, so lists leave it out.
 */
import { SENDER_TYPES, allItems, type RegistryReceiver } from '../../client/index.ts';
import { firstArg, requiredOption, stringOption, type CommandGroup } from '../command.ts';
import type { Column } from '../output.ts';
import { readSecret } from '../read-secret.ts';

const FIELDS: readonly Column<RegistryReceiver>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'name', value: (r) => r.name },
  { header: 'sender', value: (r) => r.sender },
  { header: 'auth', value: (r) => r.auth },
  { header: 'secret', value: (r) => (r.hasSecret ? 'set' : 'none') },
  { header: 'registry host', value: (r) => r.registryHost },
  { header: 'content types', value: (r) => r.contentTypes.join(', ') },
  { header: 'url', value: (r) => r.url },
  { header: 'created', value: (r) => r.createdAt },
];
const COLUMNS: readonly Column<RegistryReceiver>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'NAME', value: (r) => r.name },
  { header: 'SENDER', value: (r) => r.sender },
  { header: 'AUTH', value: (r) => r.auth },
  { header: 'REGISTRY HOST', value: (r) => r.registryHost },
  { header: 'CREATED', value: (r) => r.createdAt },
];

export const receiversCommands: CommandGroup = {
  name: 'receivers',
  summary: 'Registry webhook receivers: URLs a registry posts its pushes to',
  commands: [
    {
      name: 'create',
      summary: 'Create a receiver and print the URL to point the registry\'s webhook at',
      description: 'The secret is read from --secret-file (or stdin with -), never from a flag; it is stored encrypted and never shown.',
      options: {
        name: { type: 'string', required: true, description: 'Receiver name' },
        sender: { type: 'string', required: true, valueName: 'TYPE', description: `What posts to it: ${SENDER_TYPES.join(', ')}` },
        'secret-file': { type: 'string', valueName: 'FILE|-', description: 'HMAC key or shared header value, from a file or - for stdin' },
        'registry-host': { type: 'string', valueName: 'HOST', description: 'Registry host recorded on its pushes, e.g. registry.example.com' },
      },
      async run(ctx) {
        const source = stringOption(ctx, 'secret-file');
        const secret = source === undefined ? undefined : await readSecret(ctx.io, source, 'secret', 'capstan receivers create');
        const host = stringOption(ctx, 'registry-host');
        const created = await ctx.client().registry.createReceiver({
          name: requiredOption(ctx, 'name'), sender: requiredOption(ctx, 'sender'),
          ...(secret !== undefined ? { secret } : {}), ...(host !== undefined ? { registryHost: host } : {}),
        });
        ctx.print.object(created, FIELDS);
        if (ctx.print.format === 'table') ctx.io.stderr(`Point the registry's webhook at the url above.${created.hasSecret ? '' : ' Without a secret the URL is the credential: keep it secret.'}\n`);
      },
    },
    {
      name: 'list',
      summary: 'List receivers, newest first (without their URLs)',
      async run(ctx) {
        const client = ctx.client();
        ctx.print.list(await allItems((page) => client.registry.listReceivers(page)), COLUMNS);
      },
    },
    {
      name: 'show',
      summary: 'Show a receiver with its URL (never its secret)',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().registry.getReceiver(firstArg(ctx)), FIELDS);
      },
    },
    {
      name: 'delete',
      summary: 'Delete a receiver: its URL stops accepting pushes at once (received pushes stay)',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().registry.deleteReceiver(id);
        ctx.print.done(`Deleted receiver ${id}.`, { id, deleted: true });
      },
    },
  ],
};
