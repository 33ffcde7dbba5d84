/**
 * `capstan apps …`: applications, the workloads of one namespace of one cluster picked by a label selector.
 * The API replaces an application as a whole (PUT), so `update` reads it first and changes only the given fields.
 */
import { allItems, type Application, type Workload } from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { firstArg, requiredOption, stringOption, type CommandGroup } from '../command.ts';
import type { Column } from '../output.ts';

const FIELDS: readonly Column<Application>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'name', value: (a) => a.name },
  { header: 'cluster', value: (a) => a.clusterId },
  { header: 'namespace', value: (a) => a.namespace },
  { header: 'selector', value: (a) => a.selector },
  { header: 'created', value: (a) => a.createdAt },
  { header: 'updated', value: (a) => a.updatedAt },
];

const WORKLOAD_COLUMNS: readonly Column<Workload>[] = [
  { header: 'KIND', value: (w) => w.kind },
  { header: 'NAMESPACE', value: (w) => w.namespace },
  { header: 'NAME', value: (w) => w.name },
  { header: 'CONTAINERS', value: (w) => w.containers.map((c) => `${c.init ? 'init:' : ''}${c.name}=${c.image}`).join(', ') },
  { header: 'GITOPS', value: (w) => (w.gitOpsOwner === null ? '' : `${w.gitOpsOwner.tool} (${w.gitOpsOwner.source})`) },
];

const SELECTOR_HELP = 'Label selector, e.g. "app=shop,tier in (web,api)"';

export const appsCommands: CommandGroup = {
  name: 'apps',
  summary: 'Manage applications (workloads selected by labels in one namespace)',
  commands: [
    {
      name: 'create',
      summary: 'Create an application (its id is Astra\'s appID)',
      options: {
        name: { type: 'string', required: true, description: 'DNS label; also the default selector value' },
        cluster: { type: 'string', required: true, valueName: 'ID', description: 'Cluster id' },
        namespace: { type: 'string', required: true, description: 'Kubernetes namespace' },
        selector: { type: 'string', description: `${SELECTOR_HELP} (default app.kubernetes.io/instance=<name>)` },
      },
      async run(ctx) {
        const selector = stringOption(ctx, 'selector');
        const app = await ctx.client().createApplication({
          name: requiredOption(ctx, 'name'), clusterId: requiredOption(ctx, 'cluster'), namespace: requiredOption(ctx, 'namespace'),
          ...(selector !== undefined ? { selector } : {}),
        });
        ctx.print.object(app, FIELDS);
      },
    },
    {
      name: 'list',
      summary: 'List applications',
      options: { cluster: { type: 'string', valueName: 'ID', description: 'Only the applications of this cluster' } },
      async run(ctx) {
        const client = ctx.client();
        const clusterId = stringOption(ctx, 'cluster');
        const apps = await allItems((page) => client.listApplications({ ...page, ...(clusterId ? { clusterId } : {}) }));
        ctx.print.list(apps, FIELDS.filter((f) => f.header !== 'updated').map((f) => ({ ...f, header: f.header.toUpperCase() })));
      },
    },
    {
      name: 'get',
      summary: 'Show an application',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().getApplication(firstArg(ctx)), FIELDS);
      },
    },
    {
      name: 'update',
      summary: 'Change an application\'s name, namespace or selector (the cluster cannot change)',
      description: 'Fields not given keep their current values, including the selector when the name changes.',
      args: ['id'],
      options: {
        name: { type: 'string', description: 'New name' },
        namespace: { type: 'string', description: 'New namespace' },
        selector: { type: 'string', description: SELECTOR_HELP },
      },
      async run(ctx) {
        const changes = { name: stringOption(ctx, 'name'), namespace: stringOption(ctx, 'namespace'), selector: stringOption(ctx, 'selector') };
        if (Object.values(changes).every((v) => v === undefined)) {
          throw new UsageError('nothing to change: give --name, --namespace or --selector', 'capstan apps update');
        }
        const client = ctx.client();
        const current = await client.getApplication(firstArg(ctx));
        const app = await client.replaceApplication(current.id, {
          name: changes.name ?? current.name, clusterId: current.clusterId,
          namespace: changes.namespace ?? current.namespace, selector: changes.selector ?? current.selector,
        });
        ctx.print.object(app, FIELDS);
      },
    },
    {
      name: 'delete',
      summary: 'Delete an application',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().deleteApplication(id);
        ctx.print.done(`Deleted application ${id}.`, { id, deleted: true });
      },
    },
    {
      name: 'workloads',
      summary: 'List the workloads the application\'s selector matches now (read live from the cluster)',
      args: ['id'],
      async run(ctx) {
        const { items } = await ctx.client().listApplicationWorkloads(firstArg(ctx));
        ctx.print.list(items, WORKLOAD_COLUMNS);
      },
    },
  ],
};
