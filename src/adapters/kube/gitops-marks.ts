import { gitOpsOwnerOf, type GitOpsOwner } from '../../domain/gitops-owner.ts';
import { asArray, at, str, stringMap, type KubeObject } from './unstructured.ts';

/** The GitOps owner of a workload as read from the API (K19): its labels, annotations and managedFields managers. */
export function gitOpsOwnerOfObject(obj: KubeObject): GitOpsOwner | null {
  return gitOpsOwnerOf({
    labels: stringMap(at(obj, 'metadata', 'labels')),
    annotations: stringMap(at(obj, 'metadata', 'annotations')),
    managers: asArray(at(obj, 'metadata', 'managedFields')).map((entry) => str(at(entry, 'manager')) ?? '').filter((m) => m !== ''),
  });
}
