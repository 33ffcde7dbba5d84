/**
 * CodeArts Deploy wire shapes (seed-apis.md §3.1, SDK models H2): snake_case, 32-character ids, bare objects for
 * StartDeployTask / ShowDeployTaskDetail / CreateDeployTaskByTemplate / DeleteDeployTask, `{status, result}` for
 * ShowDeployStatus / StopDeployTaskRecordV2 / UpdateAppInfo, a bare array for ShowExecutionParams. Every error is
 * `{"error":{"code","message"},"status":"failed"}` (render-error.ts).
 */
import { Type } from 'typebox';
import { ARTIFACT_TYPES, PARAM_TYPES, TASK_ID_PATTERN, TASK_STATES, TRIGGER_SOURCES } from '../../../domain/deploy-task.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Enum([...values]);
const Id32 = (description: string) => Type.String({ pattern: TASK_ID_PATTERN, description: `${description} (32 letters and digits).` });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const CodeArtsError = Type.Object({
  error: Type.Object({ code: Type.String({ description: 'Deploy.000110xx, DEV.CH.10001 or APIGW.*' }), message: Type.String() }),
  status: Type.Literal('failed'),
}, { $id: 'CodeArtsError', description: 'CodeArts Deploy error body' });

export const CODEARTS_ERRORS = { 400: CodeArtsError, 401: CodeArtsError, 403: CodeArtsError, 404: CodeArtsError } as const;

export const TaskPath = Type.Object({ task_id: Id32('Deployment task ID') }, { additionalProperties: false });
export const TaskRecordPath = Type.Object({ task_id: Id32('Deployment task ID'), record_id: Id32('Deployment record ID') }, { additionalProperties: false });
export const ProjectTaskPath = Type.Object({ project_id: Id32('Project ID'), id: Id32('Deployment task ID') }, { additionalProperties: false });
export const ProjectPath = Type.Object({ project_id: Id32('Project ID') }, { additionalProperties: false });

export const DynamicConfigInfo = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 128, description: 'Parameter name: 1–128 of [A-Za-z0-9._-].' }),
  value: Type.Optional(Type.String({ description: 'At most 8192 characters, without {{, {% or {#.' })),
  type: Type.Optional(literals(PARAM_TYPES)),
}, { additionalProperties: false });

export const StartBody = Type.Object({
  params: Type.Optional(Type.Array(DynamicConfigInfo, { maxItems: 500, description: 'Values of the task\'s runtime parameters.' })),
  record_id: Type.Optional(Id32('Roll back to this deployment record of the task')),
  trigger_source: Type.Optional(literals(TRIGGER_SOURCES)),
}, { additionalProperties: false });

export const AppComponentDao = Type.Object({
  task_id: Type.String(), app_id: Type.String(), app_name: Type.String(), comp_id: Type.String(), comp_name: Type.String(),
  domain_id: Type.String(), region: Type.String(), state: Type.String(),
});

export const StartAnswer = Type.Object({
  id: Type.String({ description: 'Deployment record ID' }),
  task_id: Type.String(),
  job_name: Type.String({ description: 'Letters, digits and _; 45–55 characters.' }),
  app_component_list: Type.Array(AppComponentDao),
});

export const StateQuery = Type.Object({
  record_id: Type.Optional(Id32('Deployment record ID; default: the latest')),
  step_state: Type.Optional(Type.Boolean({ default: true, description: 'Include the steps.' })),
}, { additionalProperties: false });

export const StepInfo = Type.Object({
  region: Type.String({ description: 'The cluster the step acts on ("" for an application-wide step).' }),
  id: Type.Integer(), offset: Type.Integer(), enable: Type.Boolean(), name: Type.String(),
  current_offset: Type.Integer(), elapsed_time: Type.Integer({ description: 'Milliseconds.' }), faq_url: Type.String(),
});

export const StateInfo = Type.Object({
  status: Type.String({ description: 'running | succeeded | failed | stopped' }),
  nick_name: NullableString, record_id: Type.String(), task_id: Type.String(),
  step: Type.String({ description: 'running | finish' }),
  start_time: NullableString, end_time: NullableString, executor: NullableString, task_name: Type.String(),
  step_state: Type.Optional(Type.Array(StepInfo)),
});

export const StateAnswer = Type.Object({ status: Type.Literal('success'), result: StateInfo });
export const StopAnswer = Type.Object({ status: Type.Literal('success'), result: Type.Object({ id: Type.String(), task_id: Type.String() }) });

export const HistoryQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 99_999 }),
  size: Type.Integer({ minimum: 1, maximum: 100 }),
  start_date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-MM-dd (UTC).' }),
  end_date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-MM-dd (UTC); at most 30 days after start_date.' }),
}, { additionalProperties: false });

export const ExecuteRecordV2Body = Type.Object({
  execution_id: Type.String(), release_id: Type.Union([Type.Integer(), Type.Null()]), state: Type.String(), type: Type.String(),
  operator: NullableString, nickname: NullableString, start_time: NullableString, end_time: NullableString, duration: NullableString,
});

export const HistoryAnswer = Type.Object({ total_num: Type.Integer(), result: Type.Array(ExecuteRecordV2Body) });

export const ParamsQuery = Type.Object({ record_id: Id32('Deployment record ID') }, { additionalProperties: false });
export const ConfigInfo = Type.Object({ name: Type.String(), type: Type.String(), value: Type.String({ description: 'encrypt values are ******.' }) });

export const Step = Type.Object({ id: Type.String(), name: Type.String(), params: Type.Record(Type.String(), Type.String()), enable: Type.Boolean() });

export const TaskInfo = Type.Object({
  task_id: Type.String(), id: Type.String(), name: Type.String(), project_id: Type.String(), project_name: Type.String(),
  deploy_system: Type.String(), create_time: Type.String(), update_time: Type.String(), state: literals(TASK_STATES),
  execution_time: NullableString, description: Type.String(), is_defaut_permission: Type.Boolean(), template_id: NullableString,
  owner: NullableString, nick_name: NullableString, owner_id: NullableString, tenant_id: Type.String(), tenant_name: Type.String(),
  slave_cluster_id: NullableString, is_care: Type.Boolean(), can_modify: Type.Boolean(), can_delete: Type.Boolean(), can_view: Type.Boolean(),
  can_execute: Type.Boolean(), can_copy: Type.Boolean(), can_manage: Type.Boolean(), can_disable: Type.Boolean(),
  app_component_list: Type.Array(AppComponentDao), role_id: Type.Integer(), release_id: Type.Union([Type.Integer(), Type.Null()]),
  app_id: Type.String(), is_disable: Type.Boolean(), duration: NullableString, execution_state: NullableString, executor_id: NullableString,
  executor_nick_name: NullableString, steps: Type.Record(Type.String(), Step),
});

export const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 99_999, default: 1 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
}, { additionalProperties: false });
export const ListAnswer = Type.Object({ total_num: Type.Integer(), result: Type.Array(TaskInfo) });

const ParamTypeLimits = Type.Object({ name: Type.String({ maxLength: 8192 }) }, { additionalProperties: false });
export const ConfigInfoDo = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  type: Type.Optional(literals(PARAM_TYPES)),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
  value: Type.Optional(Type.String()),
  task_id: Type.Optional(Type.String({ maxLength: 64 })),
  static_status: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
  limits: Type.Optional(Type.Array(ParamTypeLimits, { maxItems: 500 })),
}, { additionalProperties: false });

export const TemplateTaskBody = Type.Object({
  project_id: Id32('Project ID'),
  project_name: Type.String({ minLength: 1, maxLength: 128 }),
  template_id: Id32('Template: the id of a deploy task to copy'),
  task_name: Type.String({ minLength: 3, maxLength: 128 }),
  slave_cluster_id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  configs: Type.Optional(Type.Array(ConfigInfoDo, { maxItems: 500 })),
}, { additionalProperties: false });
export const TemplateTaskAnswer = Type.Object({ task_name: Type.String(), task_id: Type.String() });
export const DeleteAnswer = Type.Object({ task_id: Type.String() });

export const TriggerQuery = Type.Object({ task_id: Id32('Deployment task ID') }, { additionalProperties: false });
export const TaskTriggerVo = Type.Object({
  trigger_source: literals(TRIGGER_SOURCES),
  artifact_source_system: NullableString,
  artifact_type: Type.Union([literals(ARTIFACT_TYPES), Type.Null()]),
});

const TaskTriggerBody = Type.Object({
  trigger_source: Type.Optional(literals(TRIGGER_SOURCES)),
  artifact_source_system: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  artifact_type: Type.Optional(Type.Union([literals(ARTIFACT_TYPES), Type.Null()])),
}, { additionalProperties: false });

const ArrangeInfo = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 64 })),
  deploy_system: Type.Optional(Type.Literal('deployTemplate')),
  template_id: Type.Optional(Type.String({ maxLength: 64 })),
  operation_list: Type.Optional(Type.Array(Type.Unknown(), { description: 'Not supported: edit steps with the native API.' })),
}, { additionalProperties: false });

export const UpdateAppBody = Type.Object({
  id: Id32('Application (= deployment task) ID'),
  project_id: Id32('Project ID'),
  name: Type.String({ minLength: 3, maxLength: 128 }),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
  is_draft: Type.Boolean(),
  create_type: Type.Literal('template'),
  slave_cluster_id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  trigger: Type.Optional(TaskTriggerBody),
  arrange_infos: Type.Optional(Type.Array(ArrangeInfo, { maxItems: 1 })),
}, { additionalProperties: false });

export const UpdateAppAnswer = Type.Object({
  status: Type.Literal('success'),
  result: Type.Object({ id: Type.String(), name: Type.String(), region: Type.String(), arrange_infos: Type.Array(Type.Object({ id: Type.String() })) }),
});
