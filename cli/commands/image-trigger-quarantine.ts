/**
 * `capstan image-triggers quarantine list|release <trigger-id>`: the images rollbacks quarantined for an image
 * trigger (pushes of them do not fire it) and releasing them. The dispatcher knows two command words, so the
 * action is the first argument; release names the entries with --entry (repeatable, one DELETE each).
 */
import { allItems, type QuarantineEntry } from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { listOption, type Command } from '../command.ts';
import type { Column } from '../output.ts';

const HELP = 'capstan image-triggers quarantine';
const ACTIONS = ['list', 'release'] as const;

const COLUMNS: readonly Column<QuarantineEntry>[] = [
  { header: 'ID', value: (e) => e.id },
  { header: 'QUARANTINED', value: (e) => (e.matchBy === 'digest' ? e.digest : `tag ${e.tag}`) },
  { header: 'IMAGE', value: (e) => e.image ?? `${e.repository}:${e.tag}` },
  { header: 'ROLLED BACK', value: (e) => e.recordId },
  { header: 'BY ROLLBACK', value: (e) => e.rollbackRecordId },
  { header: 'WHO', value: (e) => e.createdBy?.name },
  { header: 'WHEN', value: (e) => e.createdAt },
  { header: 'HELD', value: (e) => e.heldCount },
];

export const quarantineCommand: Command = {
  name: 'quarantine',
  summary: 'Images rollbacks quarantined for an image trigger: list them, or release them so pushes fire again',
  description: [
    'list: every quarantined image of the trigger (pushes of it do not fire the trigger), with the record rolled back,',
    'the rollback, who, when, and how many pushes it held back. release --entry ID: pushes of it fire again (held pushes',
    'are not replayed; the next delivery or poll fires).',
  ].join('\n'),
  args: ['list|release', 'trigger-id'],
  options: {
    entry: { type: 'string', multiple: true, valueName: 'ID', description: 'release: the quarantine entry to release' },
  },
  async run(ctx) {
    const [action, triggerId] = ctx.args as [string, string];
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action "${action}": use list or release`, HELP);
    const entries = listOption(ctx, 'entry');
    const client = ctx.client();
    if (action === 'list') {
      if (entries.length > 0) throw new UsageError('--entry is for release', HELP);
      ctx.print.list(await allItems((page) => client.imageTriggers.quarantine(triggerId, page)), COLUMNS);
      return;
    }
    if (entries.length === 0) throw new UsageError('release needs --entry ID (see "list")', HELP);
    for (const entryId of entries) await client.imageTriggers.releaseQuarantine(triggerId, entryId);
    ctx.print.done(entries.map((id) => `Released quarantine entry ${id}: pushes of it fire image trigger ${triggerId} again.`).join('\n'),
      { triggerId, released: entries });
  },
};
