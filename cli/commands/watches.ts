/**
 * `capstan watches …`: repositories Capstan polls for new tags and moved digests, for registries that cannot send
 * webhooks. Registry credentials are write-only: the username is a flag, the password or access token is read
 * from --password-file (or stdin with -) and never shown again.
 */
import { allItems, type CreateWatchedRepositoryInput, type UpdateWatchedRepositoryInput, type WatchedRepository } from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { firstArg, flagOption, requiredOption, stringOption, type CommandContext, type CommandGroup } from '../command.ts';
import type { Column } from '../output.ts';
import { readSecret } from '../read-secret.ts';
import { wholeNumber } from './tokens.ts';

const HELP = 'capstan watches';

const FIELDS: readonly Column<WatchedRepository>[] = [
  { header: 'id', value: (w) => w.id },
  { header: 'name', value: (w) => w.name },
  { header: 'registry url', value: (w) => w.registryUrl },
  { header: 'registry host', value: (w) => w.registryHost },
  { header: 'repository', value: (w) => w.repository },
  { header: 'tag pattern', value: (w) => w.tagPattern },
  { header: 'interval', value: (w) => `${w.intervalSeconds}s` },
  { header: 'enabled', value: (w) => (w.enabled ? 'yes' : 'no') },
  { header: 'credentials', value: (w) => (w.hasCredentials ? 'set' : 'none') },
  { header: 'tracked tags', value: (w) => w.trackedTags },
  { header: 'last polled', value: (w) => w.lastPolledAt },
  { header: 'last error', value: (w) => w.lastError },
  { header: 'created', value: (w) => w.createdAt },
  { header: 'updated', value: (w) => w.updatedAt },
];
const COLUMNS: readonly Column<WatchedRepository>[] = [
  { header: 'ID', value: (w) => w.id },
  { header: 'NAME', value: (w) => w.name },
  { header: 'REPOSITORY', value: (w) => `${w.registryHost}/${w.repository}` },
  { header: 'INTERVAL', value: (w) => `${w.intervalSeconds}s` },
  { header: 'ENABLED', value: (w) => (w.enabled ? 'yes' : 'no') },
  { header: 'LAST POLLED', value: (w) => w.lastPolledAt },
  { header: 'LAST ERROR', value: (w) => w.lastError },
];

const SHARED_OPTIONS = {
  'registry-host': { type: 'string', valueName: 'HOST', description: 'Registry host recorded on its pushes (default: the host of the registry URL)' },
  'tag-pattern': { type: 'string', valueName: 'RE2', description: 'Track only tags this RE2 pattern matches (unanchored)' },
  interval: { type: 'string', valueName: 'SECONDS', description: 'Seconds between polls, 1 to 86400 (default 300)' },
  username: { type: 'string', description: 'Registry username; needs --password-file' },
  'password-file': { type: 'string', valueName: 'FILE|-', description: 'Registry password or access token, from a file or - for stdin' },
} as const;

/** --username with --password-file, both or neither. */
async function credentials(ctx: CommandContext, command: string): Promise<{ username: string; password: string } | undefined> {
  const [username, source] = [stringOption(ctx, 'username'), stringOption(ctx, 'password-file')];
  if (username === undefined && source === undefined) return undefined;
  if (username === undefined) throw new UsageError('--password-file needs --username', `${HELP} ${command}`);
  if (source === undefined) throw new UsageError('--username needs --password-file (the password is never a flag)', `${HELP} ${command}`);
  return { username, password: await readSecret(ctx.io, source, 'password', `${HELP} ${command}`) };
}

function interval(ctx: CommandContext, command: string): number | undefined {
  const raw = stringOption(ctx, 'interval');
  return raw === undefined ? undefined : wholeNumber(raw, '--interval', `${HELP} ${command}`);
}

export const watchesCommands: CommandGroup = {
  name: 'watches',
  summary: 'Watched repositories: registries Capstan polls for pushes when they cannot send webhooks',
  commands: [
    {
      name: 'create',
      summary: 'Watch a repository; the first poll records the existing tags as the baseline',
      description: 'The password is read from --password-file (or stdin with -), never from a flag; it is stored encrypted and never shown.',
      options: {
        name: { type: 'string', required: true, description: 'Watch name' },
        'registry-url': { type: 'string', required: true, valueName: 'URL', description: 'Registry API origin, e.g. https://registry-1.docker.io' },
        repository: { type: 'string', required: true, valueName: 'PATH', description: 'Repository path, e.g. library/nginx' },
        ...SHARED_OPTIONS,
        disabled: { type: 'boolean', description: 'Create it without polling yet' },
      },
      async run(ctx) {
        const creds = await credentials(ctx, 'create');
        const seconds = interval(ctx, 'create');
        const [host, pattern] = [stringOption(ctx, 'registry-host'), stringOption(ctx, 'tag-pattern')];
        const input: CreateWatchedRepositoryInput = {
          name: requiredOption(ctx, 'name'), registryUrl: requiredOption(ctx, 'registry-url'), repository: requiredOption(ctx, 'repository'),
          ...(host !== undefined ? { registryHost: host } : {}), ...(pattern !== undefined ? { tagPattern: pattern } : {}),
          ...(seconds !== undefined ? { intervalSeconds: seconds } : {}), ...(flagOption(ctx, 'disabled') ? { enabled: false } : {}),
          ...(creds ? { credentials: creds } : {}),
        };
        ctx.print.object(await ctx.client().registry.watchRepository(input), FIELDS);
      },
    },
    {
      name: 'list',
      summary: 'List watched repositories, newest first',
      async run(ctx) {
        const client = ctx.client();
        ctx.print.list(await allItems((page) => client.registry.listWatched(page)), COLUMNS);
      },
    },
    {
      name: 'show',
      summary: 'Show a watched repository and its last poll (never its credentials)',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().registry.getWatched(firstArg(ctx)), FIELDS);
      },
    },
    {
      name: 'update',
      summary: 'Change a watched repository (only the options given)',
      description: 'The registry URL and repository cannot change. A new --tag-pattern makes the next poll a fresh baseline.',
      args: ['id'],
      options: {
        name: { type: 'string', description: 'New name' },
        ...SHARED_OPTIONS,
        'no-tag-pattern': { type: 'boolean', description: 'Track every tag again' },
        'no-credentials': { type: 'boolean', description: 'Forget the stored credentials' },
        enable: { type: 'boolean', description: 'Start polling' },
        disable: { type: 'boolean', description: 'Stop polling (the watch and its state stay)' },
      },
      async run(ctx) {
        const help = `${HELP} update`;
        const pattern = stringOption(ctx, 'tag-pattern');
        if (pattern !== undefined && flagOption(ctx, 'no-tag-pattern')) throw new UsageError('give --tag-pattern or --no-tag-pattern, not both', help);
        if (flagOption(ctx, 'enable') && flagOption(ctx, 'disable')) throw new UsageError('give --enable or --disable, not both', help);
        const creds = await credentials(ctx, 'update');
        if (creds && flagOption(ctx, 'no-credentials')) throw new UsageError('give --username/--password-file or --no-credentials, not both', help);
        const seconds = interval(ctx, 'update');
        const [name, host] = [stringOption(ctx, 'name'), stringOption(ctx, 'registry-host')];
        const enabled = flagOption(ctx, 'enable') ? true : flagOption(ctx, 'disable') ? false : undefined;
        const changes: UpdateWatchedRepositoryInput = {
          ...(name !== undefined ? { name } : {}), ...(host !== undefined ? { registryHost: host } : {}),
          ...(pattern !== undefined ? { tagPattern: pattern } : flagOption(ctx, 'no-tag-pattern') ? { tagPattern: null } : {}),
          ...(seconds !== undefined ? { intervalSeconds: seconds } : {}), ...(enabled !== undefined ? { enabled } : {}),
          ...(creds ? { credentials: creds } : flagOption(ctx, 'no-credentials') ? { credentials: null } : {}),
        };
        if (Object.keys(changes).length === 0) throw new UsageError('nothing to change', help);
        ctx.print.object(await ctx.client().registry.updateWatched(firstArg(ctx), changes), FIELDS);
      },
    },
    {
      name: 'delete',
      summary: 'Stop watching a repository (its pushes stay)',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().registry.deleteWatched(id);
        ctx.print.done(`Deleted watched repository ${id}.`, { id, deleted: true });
      },
    },
  ],
};
