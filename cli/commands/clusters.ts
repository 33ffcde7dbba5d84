/**
 * `capstan clusters …`: Kubernetes clusters Capstan deploys to. The kubeconfig is read from a file or stdin and
 * sent once; the server stores it sealed and never returns it, and the CLI never prints it.
 */
import { allItems, type Cluster, type ClusterDetail } from '../../client/index.ts';
import { firstArg, requiredOption, stringOption, type CommandGroup } from '../command.ts';
import type { Column } from '../output.ts';
import { readInput } from '../read-input.ts';

const FIELDS: readonly Column<Cluster>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'name', value: (c) => c.name },
  { header: 'server', value: (c) => c.server },
  { header: 'created', value: (c) => c.createdAt },
];

const DETAIL_FIELDS: readonly Column<ClusterDetail>[] = [
  ...FIELDS,
  { header: 'reachable', value: (c) => (c.reachability.reachable ? 'yes' : 'no') },
  { header: 'version', value: (c) => c.reachability.version },
  { header: 'error', value: (c) => c.reachability.error },
];

export const clustersCommands: CommandGroup = {
  name: 'clusters',
  summary: 'Register and inspect Kubernetes clusters',
  commands: [
    {
      name: 'add',
      summary: 'Register a cluster by kubeconfig (stored encrypted, never shown again)',
      options: {
        name: { type: 'string', required: true, description: 'Display name' },
        id: { type: 'string', description: 'Cluster id, [a-z0-9-]{1,64} (ACK\'s cluster_id); generated when absent' },
        kubeconfig: { type: 'string', required: true, valueName: 'FILE|-', description: 'Kubeconfig file, or - to read it from stdin' },
      },
      async run(ctx) {
        const client = ctx.client(); // before reading stdin: a missing token fails fast
        const kubeconfig = await readInput(ctx.io, requiredOption(ctx, 'kubeconfig'), 'kubeconfig');
        const id = stringOption(ctx, 'id');
        const cluster = await client.createCluster({ name: requiredOption(ctx, 'name'), kubeconfig, ...(id !== undefined ? { id } : {}) });
        ctx.print.object(cluster, FIELDS);
      },
    },
    {
      name: 'list',
      summary: 'List clusters',
      async run(ctx) {
        const client = ctx.client();
        ctx.print.list(await allItems((page) => client.listClusters(page)),
          FIELDS.map((f) => ({ ...f, header: f.header.toUpperCase() })));
      },
    },
    {
      name: 'get',
      summary: 'Show a cluster and whether Capstan can reach its API server now',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().getCluster(firstArg(ctx)), DETAIL_FIELDS);
      },
    },
    {
      name: 'delete',
      summary: 'Delete a cluster (refused while applications use it)',
      args: ['id'],
      async run(ctx) {
        const id = firstArg(ctx);
        await ctx.client().deleteCluster(id);
        ctx.print.done(`Deleted cluster ${id}.`, { id, deleted: true });
      },
    },
  ],
};
