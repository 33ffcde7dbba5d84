/**
 * Rule K19 (protocols-reliability.md §1.6): a workload that Argo CD or Flux reconciles from Git will have an
 * out-of-band image change reverted at the next sync. Capstan still makes the change (the operator asked for it),
 * but says so on the record, so nobody wonders why the image came back.
 *
 * The markers are the ones these tools put on every object they apply:
 * - Argo CD: the `argocd.argoproj.io/tracking-id` annotation (`<app>:<group>/<kind>:<namespace>/<name>`, the
 *   default tracking method since Argo CD 3.0, https://argo-cd.readthedocs.io/en/stable/user-guide/resource_tracking/),
 *   the custom tracking label `argocd.argoproj.io/instance` many installations configure, or its field manager
 *   `argocd-controller`. The default `app.kubernetes.io/instance` label is NOT used: Helm charts set it too.
 * - Flux: the `kustomize.toolkit.fluxcd.io/name|namespace` labels of kustomize-controller, the
 *   `helm.toolkit.fluxcd.io/name|namespace` labels of helm-controller, or those controllers as field managers
 *   (both apply with server-side apply under their own names).
 * A restart is not drift for either tool (the `restartedAt` annotation is not in the manifests they apply), so only
 * changes of images and whole templates are warned about.
 */

export interface GitOpsOwner {
  readonly tool: 'Argo CD' | 'Flux';
  /** What says so, readable: `Application shop`, `Kustomization flux-system/apps`, `field manager kustomize-controller`. */
  readonly source: string;
}

/** The parts of an object's metadata the markers live in; `managers` are its managedFields' manager names. */
export interface ObjectMarks {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly managers: readonly string[];
}

const ARGO_MANAGERS = new Set(['argocd-controller', 'argocd-application-controller']);
const FLUX_MANAGERS = new Set(['kustomize-controller', 'helm-controller']);

/** The GitOps tool that reconciles an object with these marks, or null when none does (as far as the marks tell). */
export function gitOpsOwnerOf(marks: ObjectMarks): GitOpsOwner | null {
  const tracking = marks.annotations['argocd.argoproj.io/tracking-id'];
  if (tracking !== undefined && tracking !== '') return { tool: 'Argo CD', source: `Application ${tracking.split(':')[0]}` };
  const argoLabel = marks.labels['argocd.argoproj.io/instance'];
  if (argoLabel !== undefined && argoLabel !== '') return { tool: 'Argo CD', source: `Application ${argoLabel}` };
  const kustomization = fluxObject(marks.labels, 'kustomize');
  if (kustomization !== null) return { tool: 'Flux', source: `Kustomization ${kustomization}` };
  const release = fluxObject(marks.labels, 'helm');
  if (release !== null) return { tool: 'Flux', source: `HelmRelease ${release}` };
  const argoManager = marks.managers.find((m) => ARGO_MANAGERS.has(m));
  if (argoManager !== undefined) return { tool: 'Argo CD', source: `field manager ${argoManager}` };
  const fluxManager = marks.managers.find((m) => FLUX_MANAGERS.has(m));
  if (fluxManager !== undefined) return { tool: 'Flux', source: `field manager ${fluxManager}` };
  return null;
}

function fluxObject(labels: Readonly<Record<string, string>>, controller: 'kustomize' | 'helm'): string | null {
  const name = labels[`${controller}.toolkit.fluxcd.io/name`];
  if (name === undefined || name === '') return null;
  const namespace = labels[`${controller}.toolkit.fluxcd.io/namespace`];
  return namespace === undefined || namespace === '' ? name : `${namespace}/${name}`;
}

/** What a record says about a change Capstan made to a GitOps-managed workload. */
export function gitOpsDriftWarning(owner: GitOpsOwner, change: 'image' | 'template'): string {
  const what = change === 'image' ? 'put the previous image back' : 'undo this change of the pod template';
  const sync = owner.tool === 'Flux' ? 'reconciliation' : 'sync';
  return `Managed by ${owner.tool} (${owner.source}): its next ${sync} may ${what}. Make the change in Git as well.`;
}
