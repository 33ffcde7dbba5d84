/**
 * The dispatcher: finds the command, answers --help, parses and checks options, builds the context and maps
 * every failure to an `error:` line on stderr and an exit code (0 ok, 1 API or operation error, 2 usage error,
 * 3 server unreachable). Never throws.
 */
import { readFileSync } from 'node:fs';
import { CapstanClient } from '../client/index.ts';
import { ExitCode, UsageError, reportError } from './cli-errors.ts';
import { isGroup, type CliIo, type Command, type CommandGroup, type OptionValues } from './command.ts';
import { accountCommand } from './commands/account.ts';
import { auditCommand } from './commands/audit.ts';
import { backupCommand } from './commands/backup.ts';
import { appsCommands } from './commands/apps.ts';
import { clustersCommands } from './commands/clusters.ts';
import { hooksCommands, sourcesCommands } from './commands/hooks.ts';
import { imageTriggersCommands } from './commands/image-triggers.ts';
import { loginCommand } from './commands/login.ts';
import { notificationsCommands } from './commands/notifications.ts';
import { pushesCommands } from './commands/pushes.ts';
import { receiversCommands } from './commands/receivers.ts';
import { recordsCommands } from './commands/records.ts';
import { serveCommand } from './commands/serve.ts';
import { tasksCommands } from './commands/tasks.ts';
import { tokensCommands } from './commands/tokens.ts';
import { accessKeysCommands } from './commands/access-keys.ts';
import { triggersCommands } from './commands/triggers.ts';
import { watchesCommands } from './commands/watches.ts';
import { configFilePath, readConfigFile } from './config-file.ts';
import { commandHelp, groupHelp, topHelp } from './help.ts';
import { OUTPUT_FORMATS, createPrinter, type OutputFormat } from './output.ts';
import { findCommandWords, parseCommandOptions } from './parse-command-line.ts';
import { resolveConnection } from './resolve-connection.ts';

export const COMMANDS: readonly (Command | CommandGroup)[] = [
  serveCommand, loginCommand, accountCommand, tokensCommands, accessKeysCommands, clustersCommands, appsCommands,
  recordsCommands, tasksCommands, triggersCommands, imageTriggersCommands, hooksCommands, sourcesCommands,
  receiversCommands, watchesCommands, pushesCommands, notificationsCommands, backupCommand, auditCommand,
];

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const { text, exitCode } = reportError(error);
    io.stderr(text);
    return exitCode;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const found = findCommandWords(argv);
  const [first, second] = found.words;
  if (first === undefined) {
    if (found.version) io.stdout(`${cliVersion()}\n`);
    else if (found.help) io.stdout(topHelp(COMMANDS));
    else io.stderr(topHelp(COMMANDS));
    return found.help || found.version ? ExitCode.ok : ExitCode.usage;
  }
  const entry = COMMANDS.find((e) => e.name === first);
  if (!entry) throw new UsageError(`unknown command "${first}"`);
  if (!isGroup(entry)) return runCommand(entry, entry.name, found.rest(1), found.help, io);
  if (second === undefined) {
    (found.help ? io.stdout : io.stderr)(groupHelp(entry));
    return found.help ? ExitCode.ok : ExitCode.usage;
  }
  const command = entry.commands.find((c) => c.name === second);
  if (!command) throw new UsageError(`unknown command "${first} ${second}"`, `capstan ${first}`);
  return runCommand(command, `${first} ${second}`, found.rest(2), found.help, io);
}

async function runCommand(command: Command, path: string, args: readonly string[], help: boolean, io: CliIo): Promise<number> {
  if (help) {
    io.stdout(commandHelp(path, command));
    return ExitCode.ok;
  }
  const helpCommand = `capstan ${path}`;
  const { values, positionals } = parseCommandOptions(args, command.options ?? {}, helpCommand);
  const expected = command.args ?? [];
  if (positionals.length < expected.length) throw new UsageError(`missing <${expected[positionals.length]}>`, helpCommand);
  if (positionals.length > expected.length) throw new UsageError(`unexpected argument "${positionals[expected.length]}"`, helpCommand);
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    if (spec.required && values[name] === undefined) throw new UsageError(`missing --${name}`, helpCommand);
  }
  const print = createPrinter(outputFormat(values, helpCommand), io.stdout);
  const code = await command.run({ values, args: positionals, io, print, client: () => clientFor(values, io) });
  return code ?? ExitCode.ok;
}

function outputFormat(values: OptionValues, helpCommand: string): OutputFormat {
  const value = values.output ?? 'table';
  if (!(OUTPUT_FORMATS as readonly unknown[]).includes(value)) {
    throw new UsageError(`--output must be one of: ${OUTPUT_FORMATS.join(', ')}`, helpCommand);
  }
  return value as OutputFormat;
}

function clientFor(values: OptionValues, io: CliIo): CapstanClient {
  const { server, token } = resolveConnection({
    flags: { server: values.server as string | undefined, token: values.token as string | undefined },
    env: io.env,
    file: () => readConfigFile(configFilePath(io.env)),
  });
  if (!token) {
    throw new UsageError(`no API token for ${server}: pass --token, set CAPSTAN_TOKEN, or run "capstan login --server ${server} --token TOKEN"`, 'capstan login');
  }
  return new CapstanClient({ baseUrl: server, token });
}

function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
