import type { Command } from '../command.ts';

export const accountCommand: Command = {
  name: 'account',
  summary: 'Show the account of the current token (its id is Astra\'s account_id) and the token\'s role',
  async run(ctx) {
    // From /session rather than /account so the role comes along; the JSON keeps {id, name} and adds role.
    const { account, token } = await ctx.client().getSession();
    ctx.print.object({ ...account, role: token.role }, [
      { header: 'id', value: (a) => a.id },
      { header: 'name', value: (a) => a.name },
      { header: 'role', value: (a) => a.role },
    ]);
  },
};
