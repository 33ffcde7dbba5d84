// The resource table: everything discovery advertises and the router serves. Names, kinds, short names and verbs
// are those of a v1.33 API server (`kubectl api-resources -o wide`).

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  subresources: string[];
  /** CRD-backed (volumesnapshots): strategic merge patch is not supported, like any custom resource. */
  custom?: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: readonly ResourceType[] = [
  { group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'] },
  { group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: ['status', 'exec'] },
  { group: '', version: 'v1', plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], subresources: ['status'] },
  { group: '', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], subresources: [] },
  { group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], subresources: ['status'] },
  { group: 'apps', version: 'v1', plural: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'], subresources: ['status'] },
  { group: 'apps', version: 'v1', plural: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], subresources: ['status'] },
  { group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], subresources: ['status'] },
  { group: 'apps', version: 'v1', plural: 'controllerrevisions', singular: 'controllerrevision', kind: 'ControllerRevision', namespaced: true, subresources: [] },
  { group: 'snapshot.storage.k8s.io', version: 'v1', plural: 'volumesnapshots', singular: 'volumesnapshot', kind: 'VolumeSnapshot', namespaced: true, shortNames: ['vs'], subresources: ['status'], custom: true },
  { group: 'snapshot.storage.k8s.io', version: 'v1', plural: 'volumesnapshotclasses', singular: 'volumesnapshotclass', kind: 'VolumeSnapshotClass', namespaced: false, shortNames: ['vsclass', 'vsclasses'], subresources: [], custom: true },
];

/** Virtual, create-only resources (no storage): answered by the handler directly. */
export const REVIEW_RESOURCE: ResourceType = {
  group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview',
  kind: 'SelfSubjectAccessReview', namespaced: false, subresources: [],
};

export function apiVersionOf(r: ResourceType): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

export function resourceByPlural(group: string, version: string, plural: string): ResourceType | undefined {
  return [...RESOURCES, REVIEW_RESOURCE].find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function resourceByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** `deployments.apps` / `pods`: the qualified resource name the real API puts in error messages. */
export function qualifiedName(r: ResourceType): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

export function verbsOf(r: ResourceType): string[] {
  return r === REVIEW_RESOURCE ? ['create'] : CRUD;
}
