/**
 * `capstan pushes list`: the registry events Capstan accepted (from receivers and watched repositories), newest
 * first; each was matched against the image triggers.
 */
import type { RegistryEvent } from '../../client/index.ts';
import { stringOption, type CommandGroup } from '../command.ts';
import { firstItems } from '../first-items.ts';
import type { Column } from '../output.ts';
import { wholeNumber } from './tokens.ts';

const COLUMNS: readonly Column<RegistryEvent>[] = [
  { header: 'RECEIVED', value: (e) => e.receivedAt },
  { header: 'REPOSITORY', value: (e) => (e.registryHost ? `${e.registryHost}/${e.repository}` : e.repository) },
  { header: 'TAG', value: (e) => e.tag },
  { header: 'DIGEST', value: (e) => e.digest },
  { header: 'SOURCE', value: (e) => `${e.source}:${e.sourceId}` },
  { header: 'SENDER', value: (e) => e.sender },
  { header: 'ID', value: (e) => e.id },
];

export const pushesCommands: CommandGroup = {
  name: 'pushes',
  summary: 'Registry pushes Capstan received (webhooks and polls)',
  commands: [
    {
      name: 'list',
      summary: 'List received pushes, newest first',
      options: {
        repository: { type: 'string', valueName: 'PATH', description: 'Only pushes of this repository path, e.g. team/web' },
        limit: { type: 'string', valueName: 'N', description: 'Show at most N (default 50)' },
      },
      async run(ctx) {
        const raw = stringOption(ctx, 'limit');
        const max = raw === undefined ? 50 : Math.max(1, wholeNumber(raw, '--limit', 'capstan pushes list'));
        const repository = stringOption(ctx, 'repository');
        const client = ctx.client();
        ctx.print.list(await firstItems(max, (page) => client.registry.listEvents({ ...page, ...(repository !== undefined ? { repository } : {}) })), COLUMNS);
      },
    },
  ],
};
