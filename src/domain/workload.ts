/** The workload kinds Capstan changes, and how one workload is named. */
export const WorkloadKind = {
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
} as const;
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];
export const WORKLOAD_KINDS: readonly WorkloadKind[] = Object.values(WorkloadKind);

export interface WorkloadRef {
  readonly namespace: string;
  readonly kind: WorkloadKind;
  readonly name: string;
}
