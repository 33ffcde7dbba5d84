import { Type } from 'typebox';
import type { Cluster } from '../../domain/cluster.ts';
import { CLUSTER_ID_PATTERN } from '../../domain/cluster.ts';
import { Timestamp, iso } from './common.ts';

export const CreateClusterBody = Type.Object({
  id: Type.Optional(Type.String({ pattern: CLUSTER_ID_PATTERN, description: 'Optional; [a-z0-9-]{1,64}. ACK cluster_id.' })),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  kubeconfig: Type.String({ minLength: 1, maxLength: 262_144, description: 'Kubeconfig YAML; stored encrypted, never returned.' }),
}, { additionalProperties: false });

export const ClusterView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  server: Type.String({ description: 'API server URL from the kubeconfig.' }),
  createdAt: Timestamp,
});

export const ClusterDetail = Type.Object({
  ...ClusterView.properties,
  reachability: Type.Object({
    reachable: Type.Boolean(),
    version: Type.Union([Type.String(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
  }),
});

export function clusterView(c: Cluster) {
  return { id: c.id, name: c.name, server: c.server, createdAt: iso(c.createdAt) };
}
