// RBAC denials that tests choose (reference K24/K25), applied the same way to SelfSubjectAccessReviews and to the
// real requests, so a preflight that says "denied" and the call it predicts always agree.
//
// - Every resource request is authorized with the attributes of the apiserver's RequestInfo: the verb from the
//   HTTP method (GET one object → get, GET a collection → list, `?watch=true` → watch, POST → create, PUT →
//   update, PATCH → patch, DELETE → delete or deletecollection), API group, resource, subresource, namespace
//   (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb).
// - A denied request gets 403 Forbidden as a metav1.Status, built like apiserver
//   `endpoints/handlers/responsewriters/errors.go` ForbiddenStatusError → apimachinery `errors.NewForbidden`:
//   reason `Forbidden`, details {name, group, kind: resource}, message
//   `deployments.apps "web" is forbidden: User "…" cannot patch resource "deployments" in API group "apps" in the
//   namespace "shop"` (`<resource>.<group> is forbidden: …` without a name, e.g. a list).
// - SelfSubjectAccessReview (https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/self-subject-access-review-v1/;
//   what `kubectl auth can-i` posts, https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access):
//   201 with the spec echoed and `status.allowed`; a denial has no `reason` unless the rule gives one (RBAC never
//   explains a denial) and never `denied: true` (RBAC has no deny rules, it only fails to allow). A spec with
//   neither or both of resourceAttributes/nonResourceAttributes is 422 Invalid, as the apiserver's validation says.
//   Non-resource checks (`/version`, discovery) are always allowed.
import { REVIEW_RESOURCE, qualifiedName, type ResourceType } from './resources.ts';
import type { Route } from './routes.ts';
import { ApiError, invalid } from './status.ts';
import { isObject } from './types.ts';

/** The identity the test kubeconfig authenticates as (the service account of deploy/rbac.yaml). */
export const TEST_USER = 'system:serviceaccount:capstan:capstan';

export interface AccessRule {
  verb: string;
  /** '' for the core group. */
  group: string;
  resource: string;
  /** Omitted or '': the resource itself; as in RBAC, `pods` does not cover `pods/exec`. */
  subresource?: string;
  /**
   * Omitted: every namespace, and cluster-scoped requests. A namespace also denies the same request across all
   * namespaces (a list without a namespace), as RBAC does: a grant missing in one namespace is missing cluster-wide.
   */
  namespace?: string;
  /** `status.reason` of a SelfSubjectAccessReview this rule denies; omitted like RBAC's. */
  reason?: string;
}

export interface RequestAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  /** '' for cluster-scoped requests and lists across all namespaces. */
  namespace: string;
  name: string;
}

export class AccessRules {
  #rules: AccessRule[] = [];

  deny(rule: AccessRule): void {
    this.#rules.push({ ...rule });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The first rule that denies these attributes, if any. */
  denying(attrs: RequestAttributes): AccessRule | undefined {
    return this.#rules.find((r) => r.verb === attrs.verb && r.group === attrs.group && r.resource === attrs.resource
      && (r.subresource ?? '') === attrs.subresource && (r.namespace === undefined || r.namespace === attrs.namespace || attrs.namespace === ''));
  }
}

/** RequestInfo of one REST request (the namespace of a Namespace object is its own name, as in the apiserver). */
export function requestAttributes(method: string, route: Route, query: URLSearchParams): RequestAttributes {
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  const collection = route.name === null;
  const verb = method === 'POST' ? 'create'
    : method === 'PUT' ? 'update'
    : method === 'PATCH' ? 'patch'
    : method === 'DELETE' ? (collection ? 'deletecollection' : 'delete')
    : collection ? (watch ? 'watch' : 'list') : 'get';
  const namespace = route.namespace ?? (route.r.plural === 'namespaces' && route.name !== null ? route.name : '');
  return { verb, group: route.r.group, resource: route.r.plural, subresource: route.subresource, namespace, name: route.name ?? '' };
}

/** Throws the apiserver's 403 when a rule denies the request. */
export function authorize(rules: AccessRules, r: ResourceType, attrs: RequestAttributes): void {
  if (rules.denying(attrs)) throw forbiddenFor(r, attrs);
}

export function forbiddenFor(r: ResourceType, attrs: RequestAttributes): ApiError {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  const reason = `User "${TEST_USER}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}" ${scope}`;
  const subject = attrs.name ? `${qualifiedName(r)} "${attrs.name}"` : qualifiedName(r);
  return new ApiError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
    message: `${subject} is forbidden: ${reason}`,
    details: { name: attrs.name, ...(r.group ? { group: r.group } : {}), kind: r.plural },
  });
}

/** POST selfsubjectaccessreviews: the rules decide `allowed`, exactly as they decide the real requests. */
export function review(rules: AccessRules, body: unknown): { status: number; body: unknown } {
  const spec = isObject(body) && isObject(body.spec) ? body.spec : {};
  const resource = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nonResource = isObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  if (!resource && !nonResource) {
    throw invalid(REVIEW_RESOURCE, '', [{ field: 'spec.resourceAttributes', type: 'FieldValueRequired', detail: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified' }]);
  }
  if (resource && nonResource) {
    throw invalid(REVIEW_RESOURCE, '', [{ field: 'spec.nonResourceAttributes', type: 'FieldValueInvalid', detail: 'Invalid value: cannot be specified in combination with resourceAttributes' }]);
  }
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const rule = resource && rules.denying({
    verb: text(resource.verb), group: text(resource.group), resource: text(resource.resource),
    subresource: text(resource.subresource), namespace: text(resource.namespace), name: text(resource.name),
  });
  const status = rule
    ? { allowed: false, ...(rule.reason ? { reason: rule.reason } : {}) }
    : { allowed: true, reason: 'capstan test server: no deny rule matches' };
  return { status: 201, body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status } };
}
