/**
 * `capstan tokens …`: API tokens (admin only). The secret exists only in the create response, so create is the
 * one place the CLI prints a token, with a warning on stderr; list and get show the non-secret prefix.
 */
import { allItems, type Token } from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { firstArg, requiredOption, stringOption, type CommandGroup } from '../command.ts';
import type { Column } from '../output.ts';

const FIELDS: readonly Column<Token>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'name', value: (t) => t.name },
  { header: 'role', value: (t) => t.role },
  { header: 'prefix', value: (t) => t.prefix },
  { header: 'created', value: (t) => t.createdAt },
  { header: 'last used', value: (t) => t.lastUsedAt },
  { header: 'expires', value: (t) => t.expiresAt ?? 'never' },
];

const COLUMNS = FIELDS.map((f) => ({ ...f, header: f.header.toUpperCase() }));

export const tokensCommands: CommandGroup = {
  name: 'tokens',
  summary: 'Manage API tokens (admin only)',
  commands: [
    {
      name: 'create',
      summary: 'Create an API token; its secret is printed once',
      description: 'Roles: admin (everything), member (configure and deploy), pipeline (read and start deploys), viewer (read).',
      options: {
        name: { type: 'string', required: true, description: 'Name, to tell tokens apart' },
        role: { type: 'string', required: true, valueName: 'ROLE', description: 'admin, member, pipeline or viewer' },
        'expires-in-days': { type: 'string', valueName: 'DAYS', description: 'Expire after this many days (default: never)' },
      },
      async run(ctx) {
        const days = stringOption(ctx, 'expires-in-days');
        const created = await ctx.client().createToken({
          name: requiredOption(ctx, 'name'),
          role: requiredOption(ctx, 'role') as Token['role'], // the server validates and names the field
          ...(days !== undefined ? { expiresInDays: wholeNumber(days, '--expires-in-days', 'capstan tokens create') } : {}),
        });
        ctx.print.object(created, [...FIELDS, { header: 'token', value: (t) => t.token }]);
        ctx.io.stderr('warning: the token secret is shown only this once; store it now (the server keeps only a hash).\n');
      },
    },
    {
      name: 'list',
      summary: 'List API tokens, newest first (never their secrets)',
      async run(ctx) {
        const client = ctx.client();
        ctx.print.list(await allItems((page) => client.listTokens(page)), COLUMNS);
      },
    },
    {
      name: 'get',
      summary: 'Show one API token (without its secret)',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().getToken(firstArg(ctx)), FIELDS);
      },
    },
    {
      name: 'delete',
      summary: 'Revoke an API token (effective immediately)',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().deleteToken(id);
        ctx.print.done(`Deleted token ${id}.`, { id, deleted: true });
      },
    },
  ],
};

/** Digits only: "30" is 30, while "3.5", "1e2" or "" are usage errors (the range is left to the server). */
export function wholeNumber(raw: string, flag: string, helpCommand: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new UsageError(`${flag} must be a whole number, got "${raw}"`, helpCommand);
  return Number(raw);
}
