import { Type } from 'typebox';
import { MAX_CLUSTER_REGION, TRIGGER_NAME_PATTERN, type ImageTrigger } from '../../domain/image-trigger.ts';
import { INVOKE_METHODS, MAX_EXPR_LENGTH } from '../../domain/image-trigger-condition.ts';
import { invokeResultOf, TRIGGER_LOG_STATUSES, type TriggerLog } from '../../domain/image-trigger-log.ts';
import { WORKLOAD_KINDS } from '../../domain/workload.ts';
import { Timestamp, iso } from './common.ts';

const Method = Type.Enum([...INVOKE_METHODS], { description: 'all: every tag; taglist: one of the ";"-separated tags (exact); regex: unanchored RE2 search in the tag.' });
const Expr = Type.String({ maxLength: MAX_EXPR_LENGTH, description: 'Empty for all; "v1;v2" for taglist; an RE2 pattern for regex (anchor it with ^…$ to match whole tags).' });
const Condition = Type.Object({ method: Method, expr: Type.Optional(Expr) }, { additionalProperties: false });
const Name = Type.String({ pattern: TRIGGER_NAME_PATTERN, description: '1–64 letters, digits, "_" or "-"; unique in the account (Tencent triggerName).' });
const Repository = Type.String({ minLength: 1, maxLength: 255, description: 'Repository path inside the registry, e.g. "team/web" (Tencent reponame); stored lower case.' });
const RegistryHost = Type.String({ minLength: 1, maxLength: 255, description: 'Only pushes from this host fire; pushes whose sender names no host are deployed from it.' });
const ClusterRegion = Type.Integer({ minimum: 0, maximum: MAX_CLUSTER_REGION, description: 'Tencent region code (1 Guangzhou, 4 Shanghai, …), stored and echoed; 0 = not given.' });
const WorkloadKind = Type.Enum([...WORKLOAD_KINDS]);
const Label = Type.String({ minLength: 1, maxLength: 63 });
const WorkloadName = Type.String({ minLength: 1, maxLength: 253 });
const PinDigest = Type.Boolean({ description: 'Deploy repo:tag@digest when the push carries a canonical digest (default true), so a re-pushed tag rolls out.' });
const AllowDowngrade = Type.Boolean({
  description: 'Deploy a tag that is a lower semantic version than the running one (default false: the no-downgrade guard skips it, '
    + 'and the record succeeds saying so). Tags that are not semantic versions are always deployed. Triggers created through the Tencent surfaces have true.',
});

export const CreateImageTriggerBody = Type.Object({
  name: Name,
  repository: Repository,
  registryHost: Type.Optional(Type.Union([RegistryHost, Type.Null()])),
  condition: Condition,
  clusterId: Type.String({ minLength: 1, maxLength: 64, description: 'Capstan cluster id.' }),
  clusterRegion: Type.Optional(ClusterRegion),
  namespace: Label,
  workloadKind: Type.Optional(Type.Enum([...WORKLOAD_KINDS], { default: 'Deployment' })),
  workloadName: WorkloadName,
  containerName: Label,
  pinDigest: Type.Optional(PinDigest),
  allowDowngrade: Type.Optional(AllowDowngrade),
}, { additionalProperties: false });

export const UpdateImageTriggerBody = Type.Object({
  name: Type.Optional(Name),
  repository: Type.Optional(Repository),
  registryHost: Type.Optional(Type.Union([RegistryHost, Type.Null()], { description: 'null: any host.' })),
  condition: Type.Optional(Type.Object({ method: Type.Optional(Method), expr: Type.Optional(Expr) }, {
    additionalProperties: false, minProperties: 1,
    description: 'A new method without expr starts from an empty expression; expr alone keeps the method.',
  })),
  clusterId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  clusterRegion: Type.Optional(ClusterRegion),
  namespace: Type.Optional(Label),
  workloadKind: Type.Optional(WorkloadKind),
  workloadName: Type.Optional(WorkloadName),
  containerName: Type.Optional(Label),
  pinDigest: Type.Optional(PinDigest),
  allowDowngrade: Type.Optional(AllowDowngrade),
}, { additionalProperties: false, minProperties: 1 });

export const ImageTriggerListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  repository: Type.Optional(Type.String({ maxLength: 255 })),
  clusterId: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: false });

const ConditionView = Type.Object({ method: Method, expr: Type.String() });

export const ImageTriggerView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  repository: Type.String(),
  registryHost: Type.Union([Type.String(), Type.Null()]),
  condition: ConditionView,
  clusterId: Type.String(),
  clusterRegion: Type.Integer(),
  namespace: Type.String(),
  workloadKind: WorkloadKind,
  workloadName: Type.String(),
  containerName: Type.String(),
  pinDigest: Type.Boolean(),
  allowDowngrade: Type.Boolean(),
  createdBy: Type.Union([Type.Object({ tokenId: Type.String(), name: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function imageTriggerView(t: ImageTrigger) {
  return {
    id: t.id, name: t.name, repository: t.repository, registryHost: t.registryHost, condition: { ...t.condition },
    clusterId: t.clusterId, clusterRegion: t.clusterRegion, namespace: t.namespace, workloadKind: t.workloadKind,
    workloadName: t.workloadName, containerName: t.containerName, pinDigest: t.pinDigest, allowDowngrade: t.allowDowngrade, createdBy: t.createdBy,
    createdAt: iso(t.createdAt), updatedAt: iso(t.updatedAt),
  };
}

const Tags = Type.Array(Type.String({ maxLength: 256 }), { minItems: 1, maxItems: 1000, description: 'Tags to try, as a push would deliver them.' });

export const PreviewConditionBody = Type.Object({ condition: Condition, tags: Tags }, { additionalProperties: false });
export const PreviewTriggerBody = Type.Object({ tags: Tags }, { additionalProperties: false });
export const PreviewView = Type.Object({
  items: Type.Array(Type.Object({ tag: Type.String(), matches: Type.Boolean() })),
  matching: Type.Array(Type.String(), { description: 'The tags that would fire, in the order given.' }),
});

export const TriggerLogListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page, asked for with the same order and orderBy.' })),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { default: 'desc' })),
  orderBy: Type.Optional(Type.Enum(['invokeTime', 'triggerName', 'repoName'], {
    default: 'invokeTime', description: 'Primary sort key (ListTriggerLog\'s orderings); ties in firing order, in the same direction.',
  })),
  repository: Type.Optional(Type.String({ maxLength: 255 })),
  triggerId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.Enum([...TRIGGER_LOG_STATUSES])),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Fired at or after (RFC 3339).' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Fired at or before (RFC 3339).' })),
}, { additionalProperties: false });

export const TriggerLogView = Type.Object({
  id: Type.String(),
  triggerId: Type.String(),
  triggerName: Type.String({ description: 'The name when it fired.' }),
  eventId: Type.String({ description: 'The registry event that fired it.' }),
  repository: Type.String(),
  tag: Type.String(),
  digest: Type.Union([Type.String(), Type.Null()]),
  image: Type.Union([Type.String(), Type.Null()], { description: 'The reference deployed; null when none could be built.' }),
  condition: ConditionView,
  target: Type.Object({
    clusterId: Type.String(), clusterRegion: Type.Integer(), namespace: Type.String(), workloadKind: WorkloadKind,
    workloadName: Type.String(), containerName: Type.String(),
  }),
  recordId: Type.Union([Type.String(), Type.Null()], { description: 'The deploy record the firing started.' }),
  status: Type.Enum([...TRIGGER_LOG_STATUSES]),
  result: Type.Object({
    returnCode: Type.Integer({ description: '0 succeeded, 1 failed, 2 stopped, -1 not finished yet.' }),
    returnMsg: Type.String(),
  }),
  invokedAt: Timestamp,
});

export function triggerLogView(log: TriggerLog) {
  return {
    id: log.id, triggerId: log.triggerId, triggerName: log.triggerName, eventId: log.eventId, repository: log.repository,
    tag: log.tag, digest: log.digest, image: log.image, condition: { ...log.condition }, target: { ...log.target },
    recordId: log.recordId, status: log.status, result: invokeResultOf(log), invokedAt: iso(log.invokedAt),
  };
}
