/**
 * Triggers and log rows as the two Tencent generations render them (seed-apis.md §2.1; the seed for the 2.0 log,
 * tencentcloud-sdk-nodejs `tcr/v20190924` TriggerResp / TriggerLogResp for 3.0). Times are `YYYY-MM-DD HH:mm:ss`
 * in UTC (Tencent does not document the zone; its sample has this form). `appId` is the Capstan account id (the
 * tenant, as Tencent's APPID is). 3.0's TriggerResp has no repository field in the SDK; Capstan adds `RepoName`
 * (2.0's triggerInfo has `repoName`) so a listed trigger says what it watches.
 */
import { INVOKE_ACTION, INVOKE_SOURCE, type ImageTrigger } from '../../../domain/image-trigger.ts';
import { invokeResultOf, type TriggerLog } from '../../../domain/image-trigger-log.ts';

export function tencentTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function v2TriggerInfo(t: ImageTrigger) {
  return {
    triggerName: t.name,
    repoName: t.repository,
    invokeSource: INVOKE_SOURCE,
    invokeAction: INVOKE_ACTION,
    createTime: tencentTime(t.createdAt),
    updateTime: tencentTime(t.updatedAt),
    invokeCondition: { invokeMethod: t.condition.method, invokeExpr: t.condition.expr },
    invokePara: { serviceName: t.workloadName, clusterId: t.clusterId, namespace: t.namespace, containerName: t.containerName, clusterRegion: t.clusterRegion },
  };
}

/** One `logInfo` item, keys in the seed's order. */
export function v2LogInfo(log: TriggerLog) {
  const result = invokeResultOf(log);
  return {
    repoName: log.repository,
    tagName: log.tag,
    triggerName: log.triggerName,
    invokeSource: INVOKE_SOURCE,
    invokeAction: INVOKE_ACTION,
    invokeTime: tencentTime(log.invokedAt),
    invokeCondition: { invokeMethod: log.condition.method, invokeExpr: log.condition.expr },
    invokePara: {
      appId: log.accountId,
      clusterId: log.target.clusterId,
      namespace: log.target.namespace,
      serviceName: log.target.workloadName,
      containerName: log.target.containerName,
      clusterRegion: log.target.clusterRegion,
    },
    invokeResult: { returnCode: result.returnCode, returnMsg: result.returnMsg },
  };
}

export function v3TriggerResp(t: ImageTrigger) {
  return {
    TriggerName: t.name,
    RepoName: t.repository,
    InvokeSource: INVOKE_SOURCE,
    InvokeAction: INVOKE_ACTION,
    CreateTime: tencentTime(t.createdAt),
    UpdateTime: tencentTime(t.updatedAt),
    InvokeCondition: { InvokeMethod: t.condition.method, InvokeExpr: t.condition.expr },
    InvokePara: {
      AppId: t.accountId, ClusterId: t.clusterId, Namespace: t.namespace, ServiceName: t.workloadName,
      ContainerName: t.containerName, ClusterRegion: t.clusterRegion,
    },
  };
}

export function v3TriggerLogResp(log: TriggerLog) {
  const result = invokeResultOf(log);
  return {
    RepoName: log.repository,
    TagName: log.tag,
    TriggerName: log.triggerName,
    InvokeSource: INVOKE_SOURCE,
    InvokeAction: INVOKE_ACTION,
    InvokeTime: tencentTime(log.invokedAt),
    InvokeCondition: { InvokeMethod: log.condition.method, InvokeExpr: log.condition.expr },
    InvokePara: {
      AppId: log.accountId, ClusterId: log.target.clusterId, Namespace: log.target.namespace, ServiceName: log.target.workloadName,
      ContainerName: log.target.containerName, ClusterRegion: log.target.clusterRegion,
    },
    InvokeResult: { ReturnCode: result.returnCode, ReturnMsg: result.returnMsg },
  };
}
