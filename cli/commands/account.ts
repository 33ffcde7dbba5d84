import type { Command } from '../command.ts';

export const accountCommand: Command = {
  name: 'account',
  summary: 'Show the account of the current token (its id is Astra\'s account_id)',
  async run(ctx) {
    const account = await ctx.client().getAccount();
    ctx.print.object(account, [
      { header: 'id', value: (a) => a.id },
      { header: 'name', value: (a) => a.name },
    ]);
  },
};
