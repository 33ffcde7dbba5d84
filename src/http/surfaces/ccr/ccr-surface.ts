/**
 * The Tencent Cloud CCR/TCR image-trigger surface at the vendor's paths (DESIGN.md; seed-apis.md §2.1, §5.4):
 *
 * - API 2.0: `GET|POST /v2/index.php?Action=<name>`, parameters in the query string, a form body or a JSON body
 *   (the body wins when both carry one), camelCase, answers `{code, message, codeDesc, data?}`.
 * - API 3.0 (TCR personal edition): `POST /` with the action in the `X-TC-Action` header and a JSON body,
 *   PascalCase, answers `{Response: {…, RequestId}}`. The route exists only for requests that carry
 *   `X-TC-Action`, so everything else at the root (the web UI's `GET /`, a stray `POST /`) is untouched.
 *
 * Both always answer HTTP 200, errors included (render-error.ts, render-error-v3.ts); an unknown action is
 * `InvalidAction`. Authentication is Capstan's bearer token; Tencent's own request signatures are not accepted.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, invalid } from '../../../domain/errors.ts';
import { installErrorRenderer } from '../../plugins/error-renderer.ts';
import { principalOf } from '../../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { ActionParams, type ParamNames, type ParamSource } from './action-params.ts';
import { tencentAudit, v2CallNames, v3CallNames } from './audit-actions.ts';
import { renderCcrError } from './render-error.ts';
import { renderCcrErrorV3 } from './render-error-v3.ts';
import { v2LogInfo, v2TriggerInfo, v3TriggerLogResp, v3TriggerResp } from './tencent-views.ts';
import {
  ADD_KEYS, DELETE_KEYS, LIST_KEYS, LOG_KEYS, MODIFY_KEYS, addTrigger, deleteTrigger, listTriggerLogs, listTriggers, modifyTrigger,
  type ActionContext,
} from './trigger-actions.ts';

const V2_NAMES: ParamNames = {
  triggerName: 'triggerName', newTriggerName: 'newTriggerName', repoName: 'reponame', invokeMethod: 'invokeMethod', invokeExpr: 'invokeExpr',
  workloadName: 'serviceName', workloadType: 'workloadType', clusterId: 'clusterId', namespace: 'namespace', containerName: 'containerName',
  clusterRegion: 'clusterRegion', offset: 'offset', limit: 'limit', order: 'order', orderBy: 'orderby',
};

const V3_NAMES: ParamNames = {
  triggerName: 'TriggerName', newTriggerName: 'NewTriggerName', repoName: 'RepoName', invokeMethod: 'InvokeMethod', invokeExpr: 'InvokeExpr',
  workloadName: 'WorkloadName', workloadType: 'WorkloadType', clusterId: 'ClusterId', namespace: 'Namespace', containerName: 'ContainerName',
  clusterRegion: 'ClusterRegion', offset: 'Offset', limit: 'Limit', order: 'Order', orderBy: 'OrderBy',
};

type V2Action = (ctx: ActionContext) => Promise<object | undefined>;

/** API 2.0 actions → the `data` they answer (none for writes). `workloadType` is a Capstan addition (default Deployment). */
const V2_ACTIONS: ReadonlyMap<string, V2Action> = new Map<string, V2Action>([
  ['AddUpdateServiceTrigger', async (ctx) => { await addTrigger(ctx, { strict: false }); return undefined; }],
  ['ModifyUpdateServiceTrigger', async (ctx) => { await modifyTrigger(ctx); return undefined; }],
  ['ListTrigger', async (ctx) => {
    const { items, total } = await listTriggers(ctx);
    return { totalCount: total, triggerInfo: items.map(v2TriggerInfo) };
  }],
  ['ListTriggerLog', async (ctx) => {
    const { items, total } = await listTriggerLogs(ctx, { repoRequired: true });
    return { logInfo: items.map(v2LogInfo), totalCount: total };
  }],
  ['DeleteTrigger', async (ctx) => { await deleteTrigger(ctx); return undefined; }],
]);

interface V3Action {
  readonly keys: readonly (keyof ParamNames)[];
  readonly run: (ctx: ActionContext) => Promise<object>;
}

/** API 3.0 personal-edition actions → the fields of `Response` besides RequestId. */
const V3_ACTIONS: ReadonlyMap<string, V3Action> = new Map<string, V3Action>([
  ['CreateApplicationTriggerPersonal', { keys: ADD_KEYS, run: async (ctx) => { await addTrigger(ctx, { strict: true }); return {}; } }],
  ['ModifyApplicationTriggerPersonal', { keys: MODIFY_KEYS, run: async (ctx) => { await modifyTrigger(ctx); return {}; } }],
  ['DescribeApplicationTriggerPersonal', { keys: LIST_KEYS, run: async (ctx) => {
    const { items, total } = await listTriggers(ctx);
    return { Data: { TotalCount: total, TriggerInfo: items.map(v3TriggerResp) } };
  } }],
  ['DescribeApplicationTriggerLogPersonal', { keys: LOG_KEYS, run: async (ctx) => {
    const { items, total } = await listTriggerLogs(ctx, { repoRequired: false });
    return { Data: { TotalCount: total, LogInfo: items.map(v3TriggerLogResp) } };
  } }],
  ['DeleteApplicationTriggerPersonal', { keys: DELETE_KEYS, run: async (ctx) => { await deleteTrigger(ctx); return {}; } }],
]);

const TC_ACTION_CONSTRAINT = 'tencentAction';

const V2Query = Type.Object({
  Action: Type.Optional(Type.String({ description: `One of ${[...V2_ACTIONS.keys()].join(', ')}; may also come in the body.` })),
}, { additionalProperties: true, description: 'The action\'s camelCase parameters (and Tencent\'s common parameters, which are ignored).' });
const V2Body = Type.Object({}, { additionalProperties: true, description: 'The action\'s parameters as a form or JSON object (they override the query string).' });
const V2Answer = Type.Object({
  code: Type.Integer({ description: '0 on success, else the API 2.0 public code (4000, 4100, 5000 …).' }),
  message: Type.String(),
  codeDesc: Type.String({ description: '"Success", or the API 3.0 error code string.' }),
  data: Type.Optional(Type.Unknown({ description: 'ListTrigger: {totalCount, triggerInfo[]}; ListTriggerLog: {logInfo[], totalCount}.' })),
}, { additionalProperties: false });
const V3Headers = Type.Object({
  'x-tc-action': Type.String({ description: `One of ${[...V3_ACTIONS.keys()].join(', ')}.` }),
}, { additionalProperties: true });
const V3Body = Type.Object({}, { additionalProperties: true, description: 'The action\'s PascalCase parameters.' });
const V3Answer = Type.Object({
  Response: Type.Unknown({ description: '{…, RequestId}, or {Error: {Code, Message}, RequestId}.' }),
}, { additionalProperties: false });

export function ccrSurface(server: Server, deps: HttpDeps): void {
  // A route constraint on the header: `POST /` matches only requests that name a Tencent action.
  server.addConstraintStrategy({
    name: TC_ACTION_CONSTRAINT,
    storage() {
      const handlers = new Map<string, unknown>();
      return { get: (key: string) => (handlers.get(key) ?? null) as never, set: (key: string, value: unknown) => { handlers.set(key, value); } };
    },
    deriveConstraint: (request: { headers: Record<string, string | string[] | undefined> }) =>
      typeof request.headers['x-tc-action'] === 'string' ? 'present' : undefined,
    mustMatchWhenDerived: false,
  });

  void server.register(async (scope) => {
    installErrorRenderer(scope, renderCcrError);
    // Tencent 2.0 clients POST forms; a form body becomes a plain object of its (last) values.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const handler = async (request: FastifyRequest) => {
      const values = v2Values(request);
      const action = values.get('Action');
      values.delete('Action');
      if (action === undefined || action.value === undefined || action.value === '') {
        throw new AppError('PARAM_MISSING', 'The parameter Action is required.', { errors: [{ pointer: '/query/Action', detail: 'is required' }] });
      }
      const run = typeof action.value === 'string' ? V2_ACTIONS.get(action.value) : undefined;
      if (!run) throw unknownAction(String(action.value), [...V2_ACTIONS.keys()]);
      const data = await run({ deps, principal: principalOf(request), params: new ActionParams(values, V2_NAMES) });
      return { code: 0, message: '', codeDesc: 'Success', ...(data === undefined ? {} : { data }) };
    };
    const summary = 'Tencent CCR API 2.0: AddUpdateServiceTrigger, ModifyUpdateServiceTrigger, ListTrigger, ListTriggerLog, DeleteTrigger';
    const common = { tags: ['ccr'], summary, response: { 200: V2Answer } };
    const audit = tencentAudit('CCR', [...V2_ACTIONS.keys()], v2CallNames);
    // API 2.0 takes GET and POST only. Fastify would also answer HEAD with the GET handler, and a HEAD naming a write
    // action would then change something while promising not to (RFC 9110 §9.3.2).
    scope.get('/v2/index.php', {
      exposeHeadRoute: false, config: { auth: 'read', signature: 'tencent-v2', audit },
      schema: { ...common, operationId: 'ccrV2Get', querystring: V2Query },
    }, handler);
    scope.post('/v2/index.php', {
      config: { auth: 'read', signature: 'tencent-v2', audit }, preValidation: emptyBodyIsNoParameters,
      schema: { ...common, operationId: 'ccrV2Post', querystring: V2Query, body: V2Body },
    }, handler);
  });

  void server.register(async (scope) => {
    installErrorRenderer(scope, renderCcrErrorV3);
    scope.post('/', {
      config: { auth: 'read', signature: 'tc3', audit: tencentAudit('TCR', [...V3_ACTIONS.keys()], v3CallNames) },
      constraints: { [TC_ACTION_CONSTRAINT]: 'present' },
      preValidation: emptyBodyIsNoParameters,
      schema: {
        tags: ['ccr'], operationId: 'tcrV3',
        summary: 'Tencent TCR API 3.0 (X-TC-Action): Create/Modify/Describe/DeleteApplicationTriggerPersonal, DescribeApplicationTriggerLogPersonal',
        headers: V3Headers, body: V3Body, response: { 200: V3Answer },
      },
    }, async (request) => {
      const name = request.headers['x-tc-action'] as string;
      const action = V3_ACTIONS.get(name);
      if (!action) throw unknownAction(name, [...V3_ACTIONS.keys()]);
      const params = new ActionParams(entriesOf(request.body, 'body'), V3_NAMES);
      params.rejectUnknown(action.keys);
      const answer = await action.run({ deps, principal: principalOf(request), params });
      return { Response: { ...answer, RequestId: request.id } };
    });
  });
}

/** A POST without a body (every parameter in the query string, or an action without parameters) has none. */
function emptyBodyIsNoParameters(request: FastifyRequest, _reply: unknown, done: () => void): void {
  if (request.body === undefined) request.body = {};
  done();
}

function unknownAction(name: string, known: readonly string[]): AppError {
  return new AppError('ROUTE_NOT_FOUND', `The action ${name.slice(0, 64)} does not exist here; this endpoint serves ${known.join(', ')}.`);
}

/** 2.0 parameters: the query string, then the body's fields over them. A parameter repeated in the query is refused. */
function v2Values(request: FastifyRequest): Map<string, { value: unknown; source: ParamSource }> {
  const values = entriesOf(request.query, 'query');
  for (const [name, entry] of entriesOf(request.body, 'body')) values.set(name, entry);
  for (const [name, { value, source }] of values) {
    if (Array.isArray(value)) throw invalid(`The parameter ${name} is given more than once.`, [{ pointer: `/${source}/${name}`, detail: 'is given more than once' }]);
  }
  return values;
}

function entriesOf(value: unknown, source: ParamSource): Map<string, { value: unknown; source: ParamSource }> {
  const entries = new Map<string, { value: unknown; source: ParamSource }>();
  if (value === undefined || value === null) return entries;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`The request ${source} must be an object of parameters.`, [{ pointer: `/${source}`, detail: 'must be an object' }]);
  for (const [name, v] of Object.entries(value)) entries.set(name, { value: v, source });
  return entries;
}
