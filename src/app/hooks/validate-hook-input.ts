import { compileCriteria, firstDuplicateCriterion, type MatchingCriterion } from '../../domain/container-criteria.ts';
import { AppError, notFound, type FieldError } from '../../domain/errors.ts';
import {
  stageAllowed,
  type FailureMode,
  type HookAction,
  type HookSchemaVersion,
  type HookStage,
  type HookType,
  type MetadataLabel,
} from '../../domain/execution-hook.ts';
import type { StoreRepos } from '../ports/store.ts';

/**
 * A hook as a surface hands it to the use cases: already shape-checked by the route schema (types, enums, lengths,
 * counts). Field errors point at the Astra field names (`/body/appID`, `/body/hookSourceID`, …); the native API
 * renames them for its own body.
 */
export interface ExecutionHookInput {
  readonly name: string;
  readonly hookType: HookType;
  readonly action: HookAction;
  readonly stage: HookStage;
  readonly matchingCriteria: readonly MatchingCriterion[];
  readonly hookSourceId: string;
  readonly arguments: readonly string[];
  readonly applicationId: string;
  readonly enabled: boolean;
  readonly description: string;
  readonly failureMode: FailureMode;
  readonly timeoutMs: number | null;
  readonly schemaVersion: HookSchemaVersion;
  readonly labels: readonly MetadataLabel[];
}

/** Who is acting: the account and the token (Astra `createdBy` / `modifiedBy`). */
export interface HookActor {
  readonly accountId: string;
  readonly tokenId: string | null;
}

/**
 * The rules a schema cannot express (problems/9 on the Astra surface, problems/162 for failover): the stage must
 * suit the action, criteria must be unique and compile as RE2, arguments unique, and the application and hook
 * source must exist in the account.
 */
export async function validateHookInput(store: Pick<StoreRepos, 'applications' | 'hookSources'>, accountId: string, input: ExecutionHookInput): Promise<void> {
  if (input.action === 'failover') {
    throw new AppError('HOOK_ACTION_UNSUPPORTED', 'Capstan does not replicate applications, so no application is eligible for post-failover execution hooks.', {
      errors: [{ pointer: '/body/action', detail: 'failover needs a replicated application' }],
    });
  }
  const errors: FieldError[] = [];
  if (!stageAllowed(input.action, input.stage)) {
    errors.push({ pointer: '/body/stage', detail: `${input.action} hooks run only at the post stage` });
  }
  const duplicateCriterion = firstDuplicateCriterion(input.matchingCriteria);
  if (duplicateCriterion >= 0) errors.push({ pointer: `/body/matchingCriteria/${duplicateCriterion}`, detail: 'repeats an earlier criterion' });
  const duplicateArgument = input.arguments.findIndex((a, i) => input.arguments.indexOf(a) !== i);
  if (duplicateArgument >= 0) errors.push({ pointer: `/body/arguments/${duplicateArgument}`, detail: 'repeats an earlier argument (Astra arguments are unique)' });
  if (errors.length > 0) throw new AppError('PARAM_INVALID', errors.map((e) => e.detail).join('; '), { errors });
  compileCriteria(input.matchingCriteria);

  if (!(await store.applications.get(accountId, input.applicationId))) {
    throw new AppError('APPLICATION_NOT_FOUND', `Application ${input.applicationId} does not exist.`, {
      errors: [{ pointer: '/body/appID', detail: 'names no application of this account' }],
    });
  }
  if (!(await store.hookSources.get(accountId, input.hookSourceId))) {
    const error = notFound('RESOURCE_NOT_FOUND', 'Hook source', input.hookSourceId);
    throw new AppError(error.code, error.detail, { errors: [{ pointer: '/body/hookSourceID', detail: 'names no hook source of this account' }] });
  }
}
