/**
 * NetApp Astra wire shapes for execution hooks, hook sources, overrides and appSnaps (seed-apis.md §4.2; N1): camelCase,
 * `type`/`version` on every resource, booleans as the strings "true"/"false", ids named `appID`, `hookSourceID`,
 * `executionHookID`. Capstan extensions are marked as such: `failureMode`, `timeoutSeconds`, the deploy actions
 * (`redeploy`, `update-image`, `deploy`, `rollback`) and an appSnap's `volumeSnapshots`.
 */
import { Type, type TSchema } from 'typebox';
import { CRITERION_TYPES, MAX_CRITERIA, MAX_PATTERN_LENGTH } from '../../../domain/container-criteria.ts';
import { FAILURE_MODES, HOOK_ACTIONS, HOOK_LIMITS, HOOK_SCHEMA_VERSIONS, HOOK_STAGES, HOOK_TIMEOUT_SECONDS, HookType } from '../../../domain/execution-hook.ts';
import { MAX_SOURCE_LENGTH } from '../../../domain/hook-source.ts';

export const HOOK_MEDIA = 'application/astra-executionHook';
export const HOOKS_MEDIA = 'application/astra-executionHooks';
export const SOURCE_MEDIA = 'application/astra-hookSource';
export const SOURCES_MEDIA = 'application/astra-hookSources';
export const OVERRIDE_MEDIA = 'application/astra-executionHookOverride';
export const OVERRIDES_MEDIA = 'application/astra-executionHookOverrides';
export const SNAP_MEDIA = 'application/astra-appSnap';
export const SNAPS_MEDIA = 'application/astra-appSnaps';

/** An Astra identifier: a UUID (v4 or v5) or the nil UUID; Capstan also takes its own `[a-z0-9-]` ids. */
const AstraId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' });
const BoolString = Type.Enum(['true', 'false']);
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

export const AstraProblem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  detail: Type.String(),
  status: Type.String({ description: 'The HTTP status, as a string.' }),
  correlationID: Type.Optional(Type.String()),
  invalidParams: Type.Optional(Type.Array(Type.Object({ name: Type.String(), reason: Type.String() }))),
  invalidFields: Type.Optional(Type.Array(Type.Object({ name: Type.String(), reason: Type.String() }))),
  schemaValidationFailure: Type.Optional(Type.String()),
}, { description: 'Astra problem details (RFC 7807, https://astra.netapp.io/problems/<n>)' });

export const ASTRA_ERRORS = { 400: AstraProblem, 401: AstraProblem, 403: AstraProblem, 404: AstraProblem } as const;

const Label = Type.Object({ name: Type.String({ maxLength: 317 }), value: Type.String({ maxLength: 63 }) }, { additionalProperties: false });

/** type_astra_metadata_update: on write only labels matter; the timestamps and authors are the server's. */
const MetadataIn = Type.Object({
  labels: Type.Optional(Type.Array(Label, { maxItems: 64 })),
  creationTimestamp: Type.Optional(Type.String()),
  modificationTimestamp: Type.Optional(Type.String()),
  createdBy: Type.Optional(Type.String()),
  modifiedBy: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const MetadataOut = Type.Object({
  labels: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  creationTimestamp: Type.String(),
  modificationTimestamp: Type.String(),
  createdBy: Type.String(),
  modifiedBy: Type.Optional(Type.String()),
});

const Criterion = Type.Object({
  type: Type.Enum([...CRITERION_TYPES]),
  value: Type.String({ minLength: 1, maxLength: MAX_PATTERN_LENGTH, description: 'RE2 regular expression, searched unanchored (https://github.com/google/re2/wiki/Syntax).' }),
}, { additionalProperties: false });

const hookFields = {
  name: Type.String({ minLength: 1, maxLength: HOOK_LIMITS.nameLength, description: 'Unique across all execution hooks of the account.' }),
  hookType: Type.Enum(Object.values(HookType), { description: 'custom; netapp hooks are provided and read-only.' }),
  matchingCriteria: Type.Array(Criterion, { maxItems: MAX_CRITERIA, description: 'Logical AND; none = every container of the app.' }),
  action: Type.Enum([...HOOK_ACTIONS], { description: 'snapshot, backup, restore, failover; Capstan extensions: redeploy, update-image, deploy, rollback.' }),
  stage: Type.Enum([...HOOK_STAGES], { description: 'pre or post; restore and failover take post only.' }),
  hookSourceID: AstraId,
  arguments: Type.Array(Type.String({ maxLength: HOOK_LIMITS.argumentLength }), { maxItems: HOOK_LIMITS.arguments, description: 'argv of the script; unique. Never secrets: they travel in the exec URL.' }),
  appID: AstraId,
  enabled: BoolString,
  description: Type.String({ maxLength: HOOK_LIMITS.descriptionLength }),
  metadata: MetadataIn,
  failureMode: Type.Enum([...FAILURE_MODES], { description: 'Capstan extension. soft (default): a failure is recorded and the action goes on; hard: it fails the action.' }),
  timeoutSeconds: Type.Integer({ minimum: HOOK_TIMEOUT_SECONDS.min, maximum: HOOK_TIMEOUT_SECONDS.max, description: 'Capstan extension. Default: CAPSTAN_HOOK_TIMEOUT_MS (25 minutes).' }),
};
const HookVersion = Type.Enum([...HOOK_SCHEMA_VERSIONS]);

export const HookPostBody = Type.Object({
  type: Type.Literal(HOOK_MEDIA),
  version: HookVersion,
  name: hookFields.name,
  hookType: hookFields.hookType,
  matchingCriteria: Type.Optional(hookFields.matchingCriteria),
  action: hookFields.action,
  stage: hookFields.stage,
  hookSourceID: hookFields.hookSourceID,
  arguments: Type.Optional(hookFields.arguments),
  appID: hookFields.appID,
  enabled: Type.Optional(hookFields.enabled),
  description: Type.Optional(hookFields.description),
  metadata: Type.Optional(hookFields.metadata),
  failureMode: Type.Optional(hookFields.failureMode),
  timeoutSeconds: Type.Optional(hookFields.timeoutSeconds),
}, { additionalProperties: false });

/** Under `/apps/{app_id}/executionHooks` the application comes from the path; `appID`, if sent, must match it. */
export const AppHookPostBody = Type.Object({ ...HookPostBody.properties, appID: Type.Optional(hookFields.appID) }, { additionalProperties: false });

export const HookPutBody = Type.Object({
  type: Type.Literal(HOOK_MEDIA),
  version: HookVersion,
  id: Type.Optional(AstraId),
  name: Type.Optional(hookFields.name),
  hookType: Type.Optional(hookFields.hookType),
  matchingCriteria: Type.Optional(hookFields.matchingCriteria),
  action: Type.Optional(hookFields.action),
  stage: Type.Optional(hookFields.stage),
  hookSourceID: Type.Optional(hookFields.hookSourceID),
  arguments: Type.Optional(hookFields.arguments),
  appID: Type.Optional(hookFields.appID),
  enabled: Type.Optional(hookFields.enabled),
  description: Type.Optional(hookFields.description),
  metadata: Type.Optional(hookFields.metadata),
  failureMode: Type.Optional(hookFields.failureMode),
  timeoutSeconds: Type.Optional(Type.Union([hookFields.timeoutSeconds, Type.Null()])),
}, { additionalProperties: false });

const MatchingContainer = Type.Object({
  podName: Type.String(),
  podLabels: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  containerImage: Type.String(),
  containerName: Type.String(),
  namespaceName: Type.String(),
});

export const HookView = Type.Object({
  type: Type.String(),
  version: Type.String(),
  id: Type.String(),
  name: Type.String(),
  hookType: Type.String(),
  matchingCriteria: Type.Array(Type.Object({ type: Type.String(), value: Type.String() })),
  matchingContainers: Type.Optional(Type.Array(MatchingContainer)),
  matchingImages: Type.Optional(Type.Array(Type.String())),
  action: Type.String(),
  stage: Type.String(),
  hookSourceID: Type.String(),
  arguments: Type.Array(Type.String()),
  appID: Type.Optional(Type.String()),
  enabled: Type.String(),
  description: Type.Optional(Type.String()),
  failureMode: Type.Optional(Type.String({ description: 'Capstan extension; shown when hard.' })),
  timeoutSeconds: Type.Optional(Type.Integer({ description: 'Capstan extension; shown when set.' })),
  metadata: MetadataOut,
});

export const SourcePostBody = Type.Object({
  type: Type.Literal(SOURCE_MEDIA),
  version: Type.Literal('1.0'),
  name: Type.String({ minLength: 1, maxLength: HOOK_LIMITS.nameLength }),
  sourceType: Type.Literal('script'),
  source: Type.String({ maxLength: MAX_SOURCE_LENGTH, description: 'Base64 of the script (≤ 96 KiB decoded); no binary data, no carriage returns.' }),
  description: Type.Optional(Type.String({ maxLength: HOOK_LIMITS.descriptionLength })),
  metadata: Type.Optional(MetadataIn),
}, { additionalProperties: false });

export const SourcePutBody = Type.Object({
  type: Type.Literal(SOURCE_MEDIA),
  version: Type.Literal('1.0'),
  id: Type.Optional(AstraId),
  name: Type.Optional(SourcePostBody.properties.name),
  sourceType: Type.Optional(SourcePostBody.properties.sourceType),
  source: Type.Optional(SourcePostBody.properties.source),
  description: SourcePostBody.properties.description,
  metadata: Type.Optional(MetadataIn),
}, { additionalProperties: false });

export const SourceView = Type.Object({
  type: Type.String(),
  version: Type.String(),
  id: Type.String(),
  name: Type.String(),
  private: Type.String(),
  preloaded: Type.String(),
  sourceType: Type.String(),
  source: Type.Optional(Type.String()),
  sourceMD5Checksum: Type.String(),
  description: Type.Optional(Type.String()),
  metadata: MetadataOut,
});

export const OverridePostBody = Type.Object({
  type: Type.Literal(OVERRIDE_MEDIA),
  version: Type.Literal('1.0'),
  executionHookID: AstraId,
  enabled: BoolString,
  metadata: Type.Optional(MetadataIn),
}, { additionalProperties: false });

export const OverridePutBody = Type.Object({
  type: Type.Literal(OVERRIDE_MEDIA),
  version: Type.Literal('1.0'),
  id: Type.Optional(AstraId),
  executionHookID: Type.Optional(AstraId),
  appID: Type.Optional(AstraId),
  enabled: Type.Optional(BoolString),
  metadata: Type.Optional(MetadataIn),
}, { additionalProperties: false });

export const OverrideView = Type.Object({
  type: Type.String(),
  version: Type.String(),
  id: Type.String(),
  executionHookID: Type.String(),
  appID: Type.String(),
  enabled: Type.String(),
  metadata: MetadataOut,
});

export const SnapPostBody = Type.Object({
  type: Type.Literal(SNAP_MEDIA),
  version: Type.Enum(['1.0', '1.1', '1.2', '1.3']),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 63, pattern: DNS_LABEL, description: 'DNS label; default <application>-snapshot-<8 hex>.' })),
  bucketID: Type.Optional(AstraId),
  metadata: Type.Optional(MetadataIn),
}, { additionalProperties: false });

export const SnapView = Type.Object({
  type: Type.String(),
  version: Type.String(),
  id: Type.String(),
  name: Type.String(),
  snapshotAppAsset: Type.Optional(Type.String()),
  snapshotCreationTimestamp: Type.Optional(Type.String()),
  state: Type.String({ description: 'pending, running, completed or failed.' }),
  stateUnready: Type.Array(Type.String()),
  hookState: Type.Optional(Type.String({ description: 'success or failed, once the hooks ran.' })),
  hookStateDetails: Type.Optional(Type.Array(Type.Object({
    type: Type.String(), title: Type.String(), detail: Type.String(),
    additionalDetails: Type.Record(Type.String(), Type.String()),
  }))),
  volumeSnapshots: Type.Array(Type.Object({
    name: Type.String(), pvcName: Type.String(), readyToUse: Type.String(), error: Type.Optional(Type.String()),
  }), { description: 'Capstan extension: the CSI VolumeSnapshots taken.' }),
  metadata: MetadataOut,
});

/** A collection: `items` are resources, or arrays of the `include`d fields in the order asked. */
export function collectionOf<T extends TSchema>(item: T) {
  return Type.Object({
    type: Type.String(),
    version: Type.String(),
    items: Type.Array(Type.Union([item, Type.Array(Type.Unknown())])),
    metadata: Type.Object({}, { additionalProperties: true }),
  });
}

export const CollectionQuery = Type.Object({
  include: Type.Optional(Type.String({ pattern: '^([0-9a-zA-Z]+)(,[0-9a-zA-Z]+)*$', description: 'Fields to return, e.g. id,name: items become arrays in that order.' })),
  limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]*$', description: 'Most items to return.' })),
  filter: Type.Optional(Type.String({ maxLength: 2048, description: "field op 'value', ops eq lt gt lte gte, and in ('a','b'); clauses joined by ',' or ' and '." })),
}, { additionalProperties: false });

const account_id = Type.String({ minLength: 1, maxLength: 64, description: 'The account id (GET /api/v1/account).' });
const app_id = Type.String({ minLength: 1, maxLength: 64, description: 'The application id.' });
const item = Type.String({ minLength: 1, maxLength: 64 });

export const AccountPath = Type.Object({ account_id }, { additionalProperties: false });
export const HookPath = Type.Object({ account_id, executionHook_id: item }, { additionalProperties: false });
export const SourcePath = Type.Object({ account_id, hookSource_id: item }, { additionalProperties: false });
export const AppPath = Type.Object({ account_id, app_id }, { additionalProperties: false });
export const AppHookPath = Type.Object({ account_id, app_id, executionHook_id: item }, { additionalProperties: false });
export const OverridePath = Type.Object({ account_id, app_id, executionHookOverride_id: item }, { additionalProperties: false });
export const SnapPath = Type.Object({ account_id, app_id, appSnap_id: item }, { additionalProperties: false });
