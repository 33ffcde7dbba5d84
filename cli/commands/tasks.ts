/**
 * `capstan tasks …`: deploy tasks (the Huawei CodeArts family). `start` takes parameter values as repeated
 * `--param name=value`; with --wait it shows the rollout's progress on stderr and exits 4 when the run fails.
 * Definitions are JSON (as the API takes them), from a file or stdin.
 */
import { allItems, type DeployTask, type TaskDefinitionInput } from '../../client/index.ts';
import { OperationError, UsageError } from '../cli-errors.ts';
import { firstArg, listOption, requiredOption, type CommandContext, type CommandGroup } from '../command.ts';
import { printOrFollow, WAIT_OPTION } from '../follow-record.ts';
import { clean, type Column } from '../output.ts';
import { readInput } from '../read-input.ts';

const FIELDS: readonly Column<DeployTask>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'name', value: (t) => t.name },
  { header: 'state', value: (t) => t.state },
  { header: 'parameters', value: (t) => t.params.map((p) => p.name).join(', ') },
  { header: 'steps', value: (t) => t.steps.filter((s) => s.enabled).map((s) => s.name).join(' -> ') },
  { header: 'started by', value: (t) => (t.triggerSource === '1' ? 'pipeline tokens only' : 'any deploy token') },
  { header: 'updated', value: (t) => t.updatedAt },
];
const COLUMNS = FIELDS.filter((f) => f.header !== 'started by').map((f) => ({ ...f, header: f.header.toUpperCase() }));

/** `--param name=value` (repeatable) → {name: value}; the value may contain "=". */
export function parseParams(raw: readonly string[], helpCommand: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of raw) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`--param must be name=value, got "${item}"`, helpCommand);
    const name = item.slice(0, at);
    if (name in params) throw new UsageError(`--param ${name} is given twice`, helpCommand);
    params[name] = item.slice(at + 1);
  }
  return params;
}

async function readDefinition(ctx: CommandContext): Promise<TaskDefinitionInput> {
  const text = await readInput(ctx.io, requiredOption(ctx, 'file'), 'task definition');
  try {
    return JSON.parse(text) as TaskDefinitionInput;
  } catch (error) {
    throw new OperationError(`the task definition is not valid JSON (${error instanceof SyntaxError ? error.message : 'parse error'})`);
  }
}

function declarationText(t: DeployTask): string {
  const lines = ['', 'parameters:'];
  if (t.params.length === 0) lines.push('  (none)');
  for (const p of t.params) {
    const allowed = p.limits.length > 0 ? ` one of ${p.limits.join('|')}` : '';
    lines.push(`  ${clean(p.name)} (${p.type}${p.static ? ', fixed' : ''}) default ${clean(p.value)}${clean(allowed)}${p.description ? ` - ${clean(p.description)}` : ''}`);
  }
  lines.push('', 'steps:');
  t.steps.forEach((s, i) => {
    const target = s.applicationId ? `application ${s.applicationId}` : `${s.clusterId ?? ''}/${s.namespace ?? ''}${s.workload ? `/${s.kind ?? ''}/${s.workload}` : ''}`;
    lines.push(`  ${i + 1}. ${clean(s.name)} [${s.type}${s.enabled ? '' : ', disabled'}] ${clean(target)}${s.container ? ` container ${clean(s.container)}` : ''}${s.image ? ` -> ${clean(s.image)}` : ''}`);
  });
  return `${lines.join('\n')}\n`;
}

const FILE_OPTION = { type: 'string', required: true, valueName: 'FILE|-', description: 'JSON task definition (name, params, steps, …), or - for stdin' } as const;

export const tasksCommands: CommandGroup = {
  name: 'tasks',
  summary: 'Deploy tasks: declared parameters and steps; every start is a deploy record',
  commands: [
    {
      name: 'create',
      summary: 'Create a deploy task from a JSON definition',
      description: 'The definition is the body of POST /api/v1/deploy-tasks; docs/cli.md has an example.',
      options: { file: FILE_OPTION },
      async run(ctx) {
        const client = ctx.client();
        ctx.print.object(await client.tasks.create(await readDefinition(ctx)), FIELDS);
      },
    },
    {
      name: 'replace',
      summary: 'Replace a task\'s definition (runs already started keep theirs)',
      args: ['id'],
      options: { file: FILE_OPTION },
      async run(ctx) {
        const client = ctx.client();
        ctx.print.object(await client.tasks.replace(firstArg(ctx), await readDefinition(ctx)), FIELDS);
      },
    },
    {
      name: 'list',
      summary: 'List deploy tasks',
      async run(ctx) {
        const client = ctx.client();
        ctx.print.list(await allItems((page) => client.tasks.list(page)), COLUMNS);
      },
    },
    {
      name: 'get',
      summary: 'Show a deploy task with its parameters and steps',
      args: ['id'],
      async run(ctx) {
        const task = await ctx.client().tasks.get(firstArg(ctx));
        ctx.print.object(task, FIELDS);
        if (ctx.print.format === 'table') ctx.io.stdout(declarationText(task));
      },
    },
    {
      name: 'start',
      summary: 'Start a run with parameter values; --wait shows the rollout and exits 4 if it fails',
      description: 'Parameters not given keep their defaults; encrypt values are sent once and stored encrypted.',
      args: ['id'],
      options: {
        param: { type: 'string', multiple: true, valueName: 'NAME=VALUE', description: 'A parameter value for this run' },
        wait: WAIT_OPTION,
      },
      async run(ctx) {
        const params = parseParams(listOption(ctx, 'param'), 'capstan tasks start');
        const client = ctx.client();
        const record = await client.tasks.start(firstArg(ctx), params);
        return printOrFollow(ctx, client, record, `Started deploy record ${record.id}${record.releaseId !== null ? ` (run #${record.releaseId})` : ''}.`);
      },
    },
    {
      name: 'records',
      summary: 'The runs and rollbacks of a task, newest first',
      args: ['id'],
      async run(ctx) {
        const client = ctx.client();
        const id = firstArg(ctx);
        const records = await allItems((page) => client.tasks.records(id, page));
        ctx.print.list(records, [
          { header: 'ID', value: (r) => r.id }, { header: 'RUN', value: (r) => r.releaseId }, { header: 'STATE', value: (r) => r.state },
          { header: 'TYPE', value: (r) => r.type }, { header: 'CREATED', value: (r) => r.createdAt }, { header: 'ERROR', value: (r) => r.error },
        ]);
      },
    },
    {
      name: 'delete',
      summary: 'Delete a deploy task (refused while it runs; its records stay)',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().tasks.delete(id);
        ctx.print.done(`Deleted deploy task ${id}.`, { id, deleted: true });
      },
    },
  ],
};
