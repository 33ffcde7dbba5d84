import { AuthorizationV1Api, type V1SelfSubjectAccessReview } from '@kubernetes/client-node';
import type { AccessCheck, AccessDecision } from '../../app/ports/kube-gateway.ts';
import type { KubeCallContext } from './errors.ts';
import type { KubeApi } from './kube-api.ts';

/**
 * K25: one SelfSubjectAccessReview per check (`POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, what
 * `kubectl auth can-i` sends; https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access).
 * A review only asks the authorizer and stores nothing, so it goes through the gateway's one call path: 429/5xx
 * and dropped connections are retried (Q9), and failures are translated once (a 403 on the review itself is
 * KUBE_FORBIDDEN: the credentials may not even ask). The answer is the authorizer's: `allowed` true or false,
 * with its reason when it gave one.
 */

/** Reviews in flight at once: a full check set answers quickly without a burst the server would throttle. */
const CONCURRENCY = 4;

const CONTEXT: KubeCallContext = { verb: 'create', resource: 'selfsubjectaccessreviews.authorization.k8s.io' };

export async function checkAccess(api: KubeApi, checks: readonly AccessCheck[]): Promise<AccessDecision[]> {
  const authorization = api.kc.makeApiClient(AuthorizationV1Api);
  const decisions = new Array<AccessDecision>(checks.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < checks.length) {
      const i = next++;
      try {
        decisions[i] = await reviewOne(api, authorization, checks[i] as AccessCheck);
      } catch (error) {
        failed = true; // the other lanes stop taking checks: the first failure is the answer
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, checks.length) }, lane));
  return decisions;
}

async function reviewOne(api: KubeApi, authorization: AuthorizationV1Api, check: AccessCheck): Promise<AccessDecision> {
  const body: V1SelfSubjectAccessReview = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        verb: check.verb,
        group: check.group,
        resource: check.resource,
        ...(check.subresource ? { subresource: check.subresource } : {}),
        ...(check.namespace ? { namespace: check.namespace } : {}),
      },
    },
  };
  const review = await api.call(CONTEXT, (options) => authorization.createSelfSubjectAccessReview({ body }, options));
  return { allowed: review.status?.allowed === true, reason: reasonOf(review) };
}

function reasonOf(review: V1SelfSubjectAccessReview): string | null {
  const reason = review.status?.reason?.trim();
  if (reason) return reason;
  const evaluationError = review.status?.evaluationError?.trim();
  return evaluationError ? `evaluation error: ${evaluationError}` : null;
}
