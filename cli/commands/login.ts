/**
 * `capstan login`: checks a token against GET /api/v1/account and saves `{server, token}` to the config file
 * (mode 0600) for later commands. The token is taken from --token (`-` reads it from stdin, which keeps it out of
 * the shell history and the process list) or CAPSTAN_TOKEN; it is never printed.
 */
import { CapstanClient } from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { stringOption, type Command } from '../command.ts';
import { configFilePath, readConfigFile, writeConfigFile } from '../config-file.ts';
import { readInput } from '../read-input.ts';
import { DEFAULT_SERVER, normalizeServer } from '../resolve-connection.ts';

export const loginCommand: Command = {
  name: 'login',
  summary: 'Check a token and save it with the server URL for later commands',
  description: [
    'Saves {server, token} to $XDG_CONFIG_HOME/capstan/config.json (else ~/.config/capstan/config.json), mode 0600.',
    'The server defaults to CAPSTAN_SERVER, then the saved server, then http://127.0.0.1:8080; the token to',
    'CAPSTAN_TOKEN. Use --token - to read the token from stdin.',
  ].join('\n'),
  async run(ctx) {
    const { env } = ctx.io;
    const path = configFilePath(env);
    const server = normalizeServer(stringOption(ctx, 'server') || env.CAPSTAN_SERVER || readConfigFile(path).server || DEFAULT_SERVER);
    const token = await tokenFrom(ctx.io, stringOption(ctx, 'token') || env.CAPSTAN_TOKEN);
    const account = await new CapstanClient({ baseUrl: server, token }).getAccount();
    writeConfigFile(path, { server, token });
    ctx.print.done(`Logged in to ${server} as account ${account.name} (${account.id}); saved to ${path}.`,
      { server, account, configFile: path });
  },
};

async function tokenFrom(io: Parameters<typeof readInput>[0], given: string | undefined): Promise<string> {
  if (!given) throw new UsageError('give the token with --token TOKEN, --token - (stdin) or CAPSTAN_TOKEN', 'capstan login');
  const token = given === '-' ? (await readInput(io, '-', 'token')).trim() : given;
  if (token === '') throw new UsageError('the token read from stdin is empty', 'capstan login');
  return token;
}
