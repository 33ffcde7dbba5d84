/**
 * `capstan hooks …` and `capstan sources …`: execution hooks (the NetApp Astra family, extended to deploy
 * actions) and the scripts they run. `hooks get` shows the containers a hook would run in now; `hooks runs`
 * shows the hook runs of a deploy record with the tails of their output.
 */
import {
  CRITERION_TYPES, FAILURE_MODES, HOOK_ACTIONS, HOOK_STAGES, allItems, decodeScript, encodeScript, type CriterionType, type ExecutionHook,
  type ExecutionHookInput, type FailureMode, type HookAction, type HookRun, type HookSource, type HookStage, type MatchingCriterion,
} from '../../client/index.ts';
import { OperationError, UsageError } from '../cli-errors.ts';
import { firstArg, flagOption, listOption, requiredOption, stringOption, type CommandContext, type CommandGroup } from '../command.ts';
import { clean, type Column } from '../output.ts';
import { readInput } from '../read-input.ts';
import { wholeNumber } from './tokens.ts';

const HOOK_FIELDS: readonly Column<ExecutionHook>[] = [
  { header: 'id', value: (h) => h.id },
  { header: 'name', value: (h) => h.name },
  { header: 'application', value: (h) => h.applicationId ?? 'every application (provided)' },
  { header: 'runs', value: (h) => `${h.stage} ${h.action}` },
  { header: 'source', value: (h) => h.hookSourceId },
  { header: 'matches', value: (h) => (h.matchingCriteria.length === 0 ? 'every container' : h.matchingCriteria.map((c) => `${c.type}~${c.value}`).join(' and ')) },
  { header: 'arguments', value: (h) => h.arguments.join(' ') },
  { header: 'enabled', value: (h) => (h.enabled ? 'yes' : 'no') },
  { header: 'failure mode', value: (h) => h.failureMode },
];
const HOOK_COLUMNS = HOOK_FIELDS.filter((f) => !['source', 'arguments'].includes(f.header)).map((f) => ({ ...f, header: f.header.toUpperCase() }));

const SOURCE_FIELDS: readonly Column<HookSource>[] = [
  { header: 'id', value: (s) => s.id },
  { header: 'name', value: (s) => s.name },
  { header: 'md5', value: (s) => s.sourceMd5 },
  { header: 'provided', value: (s) => (s.preloaded ? 'yes' : 'no') },
  { header: 'description', value: (s) => s.description },
  { header: 'updated', value: (s) => s.updatedAt },
];
const SOURCE_COLUMNS = SOURCE_FIELDS.map((f) => ({ ...f, header: f.header.toUpperCase() }));

const RUN_COLUMNS: readonly Column<HookRun>[] = [
  { header: 'SEQ', value: (r) => r.seq },
  { header: 'HOOK', value: (r) => r.hookName },
  { header: 'STAGE', value: (r) => `${r.stage} ${r.action}` },
  { header: 'CONTAINER', value: (r) => (r.containerName ? `${r.namespace}/${r.podName}/${r.containerName}` : 'no container matched') },
  { header: 'STATE', value: (r) => r.state },
  { header: 'EXIT', value: (r) => r.returnCode },
  { header: 'MS', value: (r) => r.durationMs },
];

function oneOf<T extends string>(ctx: CommandContext, name: string, values: readonly T[], help: string): T | undefined {
  const value = stringOption(ctx, name);
  if (value !== undefined && !(values as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of: ${values.join(', ')}`, help);
  return value as T | undefined;
}

/** `--match type=RE2` (repeatable) → criteria; all must match. */
function criteria(ctx: CommandContext, help: string): MatchingCriterion[] {
  return listOption(ctx, 'match').map((raw) => {
    const at = raw.indexOf('=');
    const type = raw.slice(0, Math.max(at, 0));
    if (at <= 0 || !(CRITERION_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`--match must be TYPE=PATTERN with TYPE one of ${CRITERION_TYPES.join(', ')}, got "${raw}"`, help);
    }
    return { type: type as CriterionType, value: raw.slice(at + 1) };
  });
}

const HOOK_OPTIONS = {
  name: { type: 'string', required: true, description: 'Hook name' },
  app: { type: 'string', required: true, valueName: 'ID', description: 'Application whose containers it runs in' },
  action: { type: 'string', required: true, valueName: 'ACTION', description: `One of ${HOOK_ACTIONS.join(', ')}` },
  stage: { type: 'string', required: true, valueName: 'pre|post', description: 'Before or after the action' },
  source: { type: 'string', required: true, valueName: 'ID', description: 'Hook source (script) id' },
  match: { type: 'string', multiple: true, valueName: 'TYPE=RE2', description: `Container criterion, all must match; TYPE: ${CRITERION_TYPES.join(', ')}` },
  arg: { type: 'string', multiple: true, description: 'Argument passed to the script' },
  'failure-mode': { type: 'string', valueName: 'soft|hard', description: 'soft (default): recorded, the action goes on; hard: fails the action' },
  timeout: { type: 'string', valueName: 'SECONDS', description: 'Per-run timeout (default: the server\'s)' },
  disabled: { type: 'boolean', description: 'Create it switched off' },
} as const;

function hookInput(ctx: CommandContext, help: string): ExecutionHookInput {
  const timeout = stringOption(ctx, 'timeout');
  const failureMode = oneOf<FailureMode>(ctx, 'failure-mode', FAILURE_MODES, help);
  return {
    name: requiredOption(ctx, 'name'), applicationId: requiredOption(ctx, 'app'),
    action: oneOf<HookAction>(ctx, 'action', HOOK_ACTIONS, help)!, stage: oneOf<HookStage>(ctx, 'stage', HOOK_STAGES, help)!,
    hookSourceId: requiredOption(ctx, 'source'), matchingCriteria: criteria(ctx, help), arguments: listOption(ctx, 'arg'),
    enabled: !flagOption(ctx, 'disabled'), ...(failureMode ? { failureMode } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: wholeNumber(timeout, '--timeout', help) } : {}),
  };
}

export const hooksCommands: CommandGroup = {
  name: 'hooks',
  summary: 'Execution hooks: scripts run in matching containers before or after an action',
  commands: [
    {
      name: 'create',
      summary: 'Create an execution hook',
      options: HOOK_OPTIONS,
      async run(ctx) {
        ctx.print.object(await ctx.client().hooks.create(hookInput(ctx, 'capstan hooks create')), HOOK_FIELDS);
      },
    },
    {
      name: 'replace',
      summary: 'Replace an execution hook (the application cannot change)',
      args: ['id'],
      options: HOOK_OPTIONS,
      async run(ctx) {
        ctx.print.object(await ctx.client().hooks.replace(firstArg(ctx), hookInput(ctx, 'capstan hooks replace')), HOOK_FIELDS);
      },
    },
    {
      name: 'list',
      summary: 'List execution hooks',
      options: { app: { type: 'string', valueName: 'ID', description: 'Only the hooks of this application' } },
      async run(ctx) {
        const client = ctx.client();
        const applicationId = stringOption(ctx, 'app');
        ctx.print.list(await allItems((page) => client.hooks.list({ ...page, ...(applicationId ? { applicationId } : {}) })), HOOK_COLUMNS);
      },
    },
    {
      name: 'get',
      summary: 'Show a hook and the containers it would run in now',
      args: ['id'],
      async run(ctx) {
        const hook = await ctx.client().hooks.get(firstArg(ctx));
        ctx.print.object(hook, HOOK_FIELDS);
        if (ctx.print.format !== 'table') return;
        if (hook.matches === null) ctx.io.stdout('\nmatching containers: unknown (the cluster cannot be reached)\n');
        else if (hook.matches) {
          const lines = hook.matches.containers.map((c) => `  ${clean(c.namespace)}/${clean(c.podName)}/${clean(c.containerName)} ${clean(c.containerImage)}`);
          ctx.io.stdout(`\nmatching containers:\n${lines.length > 0 ? lines.join('\n') : '  (none now)'}\n`);
        }
      },
    },
    {
      name: 'delete',
      summary: 'Delete an execution hook',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().hooks.delete(id);
        ctx.print.done(`Deleted hook ${id}.`, { id, deleted: true });
      },
    },
    {
      name: 'runs',
      summary: 'The hook runs of a deploy record, in the order they ran, with their output tails',
      args: ['record-id'],
      async run(ctx) {
        const client = ctx.client();
        const recordId = firstArg(ctx);
        const runs = await allItems((page) => client.hooks.runsOfRecord(recordId, page));
        ctx.print.list(runs, RUN_COLUMNS);
        if (ctx.print.format !== 'table') return;
        for (const run of runs.filter((r) => r.stdoutTail || r.stderrTail || r.message)) {
          ctx.io.stdout(`\n#${run.seq} ${clean(run.hookName)}${run.message ? `: ${clean(run.message)}` : ''}\n`);
          if (run.stdoutTail) ctx.io.stdout(`  stdout:\n${indent(run.stdoutTail)}`);
          if (run.stderrTail) ctx.io.stdout(`  stderr:\n${indent(run.stderrTail)}`);
        }
      },
    },
    {
      name: 'settings',
      summary: 'Show, or switch with --on/--off, execution hooks for the account',
      options: {
        on: { type: 'boolean', description: 'Switch execution hooks on' },
        off: { type: 'boolean', description: 'Switch them off (refused while custom hooks exist)' },
      },
      async run(ctx) {
        const client = ctx.client();
        const [on, off] = [flagOption(ctx, 'on'), flagOption(ctx, 'off')];
        if (on && off) throw new UsageError('give --on or --off, not both', 'capstan hooks settings');
        const settings = on || off ? await client.hooks.setEnabled(on) : await client.hooks.settings();
        ctx.print.done(`Execution hooks are ${settings.enabled ? 'on' : 'off'}.`, settings);
      },
    },
  ],
};

function indent(text: string): string {
  return `${text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1).map((line) => `    ${clean(line)}`).join('\n')}\n`;
}

export const sourcesCommands: CommandGroup = {
  name: 'sources',
  summary: 'Hook sources: the scripts execution hooks run',
  commands: [
    {
      name: 'upload',
      summary: 'Upload a script as a hook source',
      description: 'Start the script with #! to choose its interpreter; it runs inside the matching containers.',
      options: {
        name: { type: 'string', required: true, description: 'Source name' },
        file: { type: 'string', required: true, valueName: 'FILE|-', description: 'The script, or - for stdin' },
        description: { type: 'string', description: 'What the script does' },
      },
      async run(ctx) {
        const client = ctx.client();
        const script = await readInput(ctx.io, requiredOption(ctx, 'file'), 'script');
        const description = stringOption(ctx, 'description');
        ctx.print.object(await client.hooks.createSource({ name: requiredOption(ctx, 'name'), source: encodeScript(script), ...(description ? { description } : {}) }), SOURCE_FIELDS);
      },
    },
    {
      name: 'replace',
      summary: 'Replace a hook source\'s script (hooks run it from their next action)',
      args: ['id'],
      options: {
        file: { type: 'string', required: true, valueName: 'FILE|-', description: 'The new script, or - for stdin' },
        name: { type: 'string', description: 'New name (default: unchanged)' },
        description: { type: 'string', description: 'New description (default: unchanged)' },
      },
      async run(ctx) {
        const client = ctx.client();
        const id = firstArg(ctx);
        const current = await client.hooks.getSource(id);
        const script = await readInput(ctx.io, requiredOption(ctx, 'file'), 'script');
        ctx.print.object(await client.hooks.replaceSource(id, {
          name: stringOption(ctx, 'name') ?? current.name, source: encodeScript(script),
          description: stringOption(ctx, 'description') ?? current.description, labels: current.labels,
        }), SOURCE_FIELDS);
      },
    },
    {
      name: 'list',
      summary: 'List hook sources',
      async run(ctx) {
        const client = ctx.client();
        ctx.print.list(await allItems((page) => client.hooks.listSources(page)), SOURCE_COLUMNS);
      },
    },
    {
      name: 'get',
      summary: 'Show a hook source; --script prints only the script',
      args: ['id'],
      options: { script: { type: 'boolean', description: 'Print the script itself, exactly' } },
      async run(ctx) {
        const source = await ctx.client().hooks.getSource(firstArg(ctx));
        if (!flagOption(ctx, 'script')) {
          ctx.print.object(source, SOURCE_FIELDS);
          return undefined;
        }
        if (source.source === undefined) throw new OperationError('this source is private: its script is not shown');
        ctx.io.stdout(decodeScript(source.source));
        return undefined;
      },
    },
    {
      name: 'delete',
      summary: 'Delete a hook source (refused while a hook runs it)',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().hooks.deleteSource(id);
        ctx.print.done(`Deleted hook source ${id}.`, { id, deleted: true });
      },
    },
  ],
};
