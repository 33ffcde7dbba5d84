/**
 * The account's clusters and applications, every page of both, for the selects where a deploy task names where it
 * acts (a step's cluster or application, a host_group parameter's value). `data` stays undefined until both lists
 * loaded; when either fails, `error` says why and the fields fall back to free text, so a task can still be
 * written by id.
 */
import { allItems, type Application, type Cluster } from '../../../client/index.ts';
import { useApi, type Loaded } from './use-api.ts';

export interface TargetChoices {
  readonly clusters: readonly Cluster[];
  readonly applications: readonly Application[];
}

const NONE: TargetChoices = { clusters: [], applications: [] };

/** With `enabled` false nothing is fetched and the lists are empty (a start form without host_group parameters). */
export function useTargetChoices(enabled = true): Loaded<TargetChoices> {
  return useApi(async (client): Promise<TargetChoices> => {
    if (!enabled) return NONE;
    const [clusters, applications] = await Promise.all([
      allItems((page) => client.listClusters(page), { pageSize: 200 }),
      allItems((page) => client.listApplications(page), { pageSize: 200 }),
    ]);
    return { clusters, applications };
  }, [enabled]);
}

export function clusterLabel(cluster: Cluster): string {
  return `${cluster.name} (${cluster.id})`;
}

export function applicationLabel(application: Application): string {
  return `${application.name} (${application.clusterId}/${application.namespace})`;
}
