import { returnCodeOf, type HookRun } from '../../domain/hook-run.ts';
import { HOOK_DETAIL_LIMITS, clip, type HookStateDetail } from '../../domain/protection-operation.ts';

const HOOK_FAILED_TYPE = 'https://capstan.dev/problems/hook-failed';
const HOOK_TIMED_OUT_TYPE = 'https://capstan.dev/problems/hook-timed-out';

/** Astra `hookStateDetails[]` entry for one failed or timed-out hook run. */
export function hookStateDetail(run: HookRun): HookStateDetail {
  const where = run.podName === null ? '' : ` in ${run.namespace}/${run.podName} container ${run.containerName}`;
  return {
    type: run.state === 'timedOut' ? HOOK_TIMED_OUT_TYPE : HOOK_FAILED_TYPE,
    title: clip(`${run.stage}-${run.action} hook ${run.state === 'timedOut' ? 'timed out' : 'failed'}`, HOOK_DETAIL_LIMITS.title),
    detail: clip(`Execution hook "${run.hookName}"${where}: ${run.message ?? 'failed'}.`, HOOK_DETAIL_LIMITS.detail),
    additionalDetails: {
      executionHookID: run.executionHookId,
      hookName: run.hookName,
      hookRunID: run.id,
      stage: run.stage,
      returnCode: returnCodeOf(run),
      ...(run.podName === null ? {} : { podName: run.podName, containerName: run.containerName ?? '', namespaceName: run.namespace ?? '' }),
    },
  };
}
