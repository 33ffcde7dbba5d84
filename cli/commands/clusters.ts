/**
 * `capstan clusters …`: Kubernetes clusters Capstan deploys to. The kubeconfig is read from a file or stdin and
 * sent once; the server stores it sealed and never returns it, and the CLI never prints it. `check` is the K25
 * preflight of its permissions in a namespace.
 */
import { allItems, permissionResource, type Cluster, type ClusterDetail, type PermissionCheck } from '../../client/index.ts';
import { ExitCode } from '../cli-errors.ts';
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

const PERMISSION_COLUMNS: readonly Column<PermissionCheck>[] = [
  { header: 'STATUS', value: (c) => (c.allowed ? 'ok' : 'MISSING') },
  { header: 'VERB', value: (c) => c.verb },
  { header: 'RESOURCE', value: (c) => permissionResource(c) },
  { header: 'NEEDED FOR', value: (c) => c.neededFor },
  // Only a denial's reason: an allowing authorizer's (RBAC names the binding) would only widen the table; -o json has it.
  { header: 'REASON', value: (c) => (c.allowed ? null : c.reason) },
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
      name: 'check',
      summary: 'Check which permissions Capstan\'s kubeconfig has in a namespace (exit 1 when any is missing)',
      description: 'Asks the cluster, as `kubectl auth can-i` does, for every permission Capstan uses in the namespace, before a '
        + 'deploy needs it. Missing ones are listed first as MISSING, with the feature that fails without them; the Role in '
        + 'deploy/rbac.yaml grants all of them.',
      args: ['id'],
      options: {
        namespace: { type: 'string', required: true, valueName: 'NS', description: 'The namespace Capstan deploys to' },
      },
      async run(ctx) {
        const result = await ctx.client().checkClusterPermissions(firstArg(ctx), requiredOption(ctx, 'namespace'));
        if (ctx.print.format === 'json') ctx.print.done('', result);
        else {
          const missing = result.checks.filter((c) => !c.allowed);
          ctx.print.list([...missing, ...result.checks.filter((c) => c.allowed)], PERMISSION_COLUMNS);
          ctx.io.stderr(missing.length === 0
            ? `All ${result.checks.length} permissions Capstan uses in namespace ${result.namespace} are granted.\n`
            : `${missing.length} of ${result.checks.length} permissions are missing in namespace ${result.namespace}: the features named `
              + 'above fail with KUBE_FORBIDDEN until they are granted (see deploy/rbac.yaml).\n');
        }
        return result.allAllowed ? ExitCode.ok : ExitCode.failed;
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
