/**
 * `capstan access-keys …`: the access key pairs of an API token (admin only), for the vendors' SDKs (Alibaba
 * AccessKey ID/Secret, Tencent SecretId/SecretKey, Huawei AK/SK). The secret exists only in the create response,
 * so create is the one place the CLI prints it, with a warning on stderr.
 */
import { allItems, type AccessKey } from '../../client/index.ts';
import { firstArg, type CommandGroup } from '../command.ts';
import type { Column } from '../output.ts';

const FIELDS: readonly Column<AccessKey>[] = [
  { header: 'id', value: (k) => k.id },
  { header: 'token', value: (k) => k.tokenId },
  { header: 'created', value: (k) => k.createdAt },
  { header: 'last used', value: (k) => k.lastUsedAt },
];

const COLUMNS = FIELDS.map((f) => ({ ...f, header: f.header.toUpperCase() }));

export const accessKeysCommands: CommandGroup = {
  name: 'access-keys',
  summary: 'Manage the access keys of API tokens, for vendor SDKs (admin only)',
  commands: [
    {
      name: 'create',
      summary: 'Create an access key pair for a token; its secret is printed once',
      description: 'Signed requests (ACS3-HMAC-SHA256, TC3-HMAC-SHA256, Tencent API 2.0, SDK-HMAC-SHA256) act with the token\'s role. At most two keys per token.',
      args: ['token-id'],
      async run(ctx) {
        const created = await ctx.client().accessKeys.create(firstArg(ctx));
        ctx.print.object(created, [...FIELDS, { header: 'secret', value: (k) => k.secret }]);
        ctx.io.stderr('warning: the access key secret is shown only this once; store it now.\n');
      },
    },
    {
      name: 'list',
      summary: 'List a token\'s access keys, newest first (never their secrets)',
      args: ['token-id'],
      async run(ctx) {
        const client = ctx.client();
        const tokenId = firstArg(ctx);
        ctx.print.list(await allItems((page) => client.accessKeys.list(tokenId, page)), COLUMNS);
      },
    },
    {
      name: 'delete',
      summary: 'Delete an access key (signed requests with it fail at once)',
      args: ['token-id', 'key-id'],
      async run(ctx) {
        const [tokenId, id] = [ctx.args[0]!, ctx.args[1]!];
        await ctx.client().accessKeys.delete(tokenId, id);
        ctx.print.done(`Deleted access key ${id}.`, { id, deleted: true });
      },
    },
  ],
};
