/**
 * Deploy-task parameters: the declarations a task holds (CodeArts ConfigInfoDo) and the values a start gives them
 * (CodeArts DynamicConfigInfo), with the rules of seed-apis.md §3.2/§3.3:
 *
 * - at most 500 parameters; keys 1–128 characters of `[A-Za-z0-9._-]`; values at most 8192 characters and never
 *   containing `{{`, `{%` or `{#` (CodeArts' template-injection guard — it also keeps values from being read as
 *   templates by whatever renders manifests downstream);
 * - at start: an unknown key, a key given twice, a `type` other than the declared one, an `enum` value outside
 *   its limits, or a value for a static parameter is refused, each naming the field that failed.
 *
 * A run's parameters are every declared parameter, with the start's value or else the default. `encrypt` values are
 * sealed by the caller's `seal` before they leave this module; defaults of `encrypt` parameters already are.
 */
import type { RecordParam } from './deploy-record.ts';
import type { FieldError } from './errors.ts';
import { PARAM_TYPES, ParamType, type TaskParamDef } from './deploy-task.ts';

export const MAX_PARAMS = 500;
export const MAX_PARAM_VALUE_LENGTH = 8192;
export const MAX_PARAM_KEY_LENGTH = 128;
export const MAX_LIMITS = 500;
export const PARAM_KEY_PATTERN = '^[A-Za-z0-9._-]{1,128}$';
/** What `encrypt` values look like wherever they are shown. */
export const MASKED_VALUE = '******';

const KEY = new RegExp(PARAM_KEY_PATTERN);
const TEMPLATE_MARKERS = ['{{', '{%', '{#'] as const;

/** A declaration as a caller sends it (clear-text default). */
export interface ParamDefInput {
  readonly name: string;
  readonly type: string;
  readonly value: string;
  readonly description: string;
  readonly static: boolean;
  readonly limits: readonly string[];
}

/**
 * One value given at start, with the JSON Pointer of the entry it came from: an entry `{key, value, type}` of a
 * list (errors point at `<pointer>/key` …), or with `flat`, a member of a name → value map (errors point at it).
 */
export interface ParamValueInput {
  readonly key: string;
  readonly value: string;
  readonly type?: string | undefined;
  readonly pointer: string;
  readonly flat?: boolean;
}

export function checkParamKey(key: string, pointer: string): FieldError | null {
  return KEY.test(key) ? null : { pointer, detail: 'must be 1–128 characters of letters, digits, ".", "_" or "-"' };
}

/** Length and template-marker rule for any parameter value (defaults, start values, enum limits). */
export function checkParamValue(value: string, pointer: string): FieldError | null {
  if (value.length > MAX_PARAM_VALUE_LENGTH) return { pointer, detail: `must be at most ${MAX_PARAM_VALUE_LENGTH} characters` };
  const marker = TEMPLATE_MARKERS.find((m) => value.includes(m));
  return marker === undefined ? null : { pointer, detail: `must not contain "${marker}" (template markup is refused in parameter values)` };
}

/** Checks declarations; `pointer` is the list's pointer (`/body/params`). */
export function checkParamDefs(defs: readonly ParamDefInput[], pointer: string): FieldError[] {
  const errors: FieldError[] = [];
  if (defs.length > MAX_PARAMS) return [{ pointer, detail: `must hold at most ${MAX_PARAMS} parameters` }];
  const seen = new Set<string>();
  defs.forEach((def, i) => {
    const at = `${pointer}/${i}`;
    const push = (e: FieldError | null): void => {
      if (e) errors.push(e);
    };
    push(checkParamKey(def.name, `${at}/name`));
    if (seen.has(def.name)) errors.push({ pointer: `${at}/name`, detail: `declares "${def.name}" a second time` });
    seen.add(def.name);
    if (!(PARAM_TYPES as readonly string[]).includes(def.type)) {
      errors.push({ pointer: `${at}/type`, detail: `must be one of: ${PARAM_TYPES.join(', ')}` });
      return;
    }
    push(checkParamValue(def.value, `${at}/value`));
    if (def.description.length > 1024) errors.push({ pointer: `${at}/description`, detail: 'must be at most 1024 characters' });
    if (def.type === ParamType.enum) {
      if (def.limits.length === 0) errors.push({ pointer: `${at}/limits`, detail: 'must list the allowed values of an enum parameter' });
      if (def.limits.length > MAX_LIMITS) errors.push({ pointer: `${at}/limits`, detail: `must hold at most ${MAX_LIMITS} values` });
      def.limits.forEach((limit, j) => push(checkParamValue(limit, `${at}/limits/${j}`)));
      if (def.value !== '' && def.limits.length > 0 && !def.limits.includes(def.value)) {
        errors.push({ pointer: `${at}/value`, detail: `must be one of the limits (${quoted(def.limits)})` });
      }
    } else if (def.limits.length > 0) {
      errors.push({ pointer: `${at}/limits`, detail: 'are only for enum parameters' });
    }
  });
  return errors;
}

/**
 * Validates a start's values against the declarations and resolves every declared parameter. Returns the field
 * errors (all of them, not just the first) or the record's parameters, `encrypt` values sealed.
 */
export function resolveRunParams(
  defs: readonly TaskParamDef[],
  inputs: readonly ParamValueInput[],
  pointer: string,
  seal: (clear: string) => string,
): { readonly errors: FieldError[]; readonly params: RecordParam[] } {
  if (inputs.length > MAX_PARAMS) return { errors: [{ pointer, detail: `must hold at most ${MAX_PARAMS} parameters` }], params: [] };
  const byName = new Map(defs.map((d) => [d.name, d]));
  const given = new Map<string, string>();
  const errors: FieldError[] = [];
  for (const input of inputs) {
    const error = checkInput(input, byName.get(input.key), given.has(input.key));
    if (error) errors.push(error);
    else given.set(input.key, input.value);
  }
  if (errors.length > 0) return { errors, params: [] };
  const params = defs.map((def): RecordParam => {
    const value = given.get(def.name);
    if (value === undefined) return { key: def.name, type: def.type, value: def.value };
    return { key: def.name, type: def.type, value: def.type === ParamType.encrypt ? seal(value) : value };
  });
  return { errors: [], params };
}

function checkInput(input: ParamValueInput, def: TaskParamDef | undefined, duplicate: boolean): FieldError | null {
  const at = (field: 'key' | 'value' | 'type'): string => (input.flat ? input.pointer : `${input.pointer}/${field}`);
  const keyError = checkParamKey(input.key, at('key'));
  if (keyError) return keyError;
  if (!def) return { pointer: at('key'), detail: `names "${input.key}", which the task does not declare` };
  if (duplicate) return { pointer: at('key'), detail: `gives "${input.key}" a second time` };
  if (def.static) return { pointer: at('key'), detail: `names static parameter "${input.key}", which is fixed in the task and cannot be set at start` };
  if (input.type !== undefined && input.type !== def.type) {
    return { pointer: at('type'), detail: `is "${input.type}", but "${input.key}" is declared as ${def.type}` };
  }
  const valueError = checkParamValue(input.value, at('value'));
  if (valueError) return valueError;
  if (def.type === ParamType.enum && !def.limits.includes(input.value)) {
    return { pointer: at('value'), detail: `must be one of ${quoted(def.limits)} for "${input.key}"` };
  }
  return null;
}

function quoted(values: readonly string[]): string {
  const shown = values.slice(0, 10).map((v) => `"${v}"`).join(', ');
  return values.length > 10 ? `${shown}, …` : shown;
}

/** `${name}` placeholders the runner fills (`$${` is a literal `${`); same grammar as the runner's. */
const PLACEHOLDER = /\$(\$?)\{([A-Za-z0-9._-]{1,128})\}/g;

/** Names of the parameters a text refers to, in order of first use. */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[2] ?? '';
    if (match[1] !== '$' && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The parameter a field that must be one whole placeholder (`${env}`) names, or null for a literal value. */
export function wholePlaceholder(text: string): string | null {
  const match = /^\$\{([A-Za-z0-9._-]{1,128})\}$/.exec(text);
  return match ? (match[1] ?? null) : null;
}
