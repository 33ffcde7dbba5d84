/**
 * Per-application overrides of the NetApp-provided execution hooks (Astra N-16…N-20): switch a provided hook off
 * (or on again) for one application. The native API has no route for them yet, so this speaks the Astra
 * surface (`/accounts/{accountId}/k8s/v1/apps/{appId}/executionHookOverrides`) and turns its problem details
 * into CapstanApiError (code `ASTRA_<problem number>`, invalid fields as pointers).
 */
import { CapstanApiError } from './capstan-api-error.ts';
import { seg, type ApiTransport, type RawResponse } from './transport.ts';

const MEDIA = 'application/astra-executionHookOverride';

export interface HookOverride {
  readonly id: string;
  readonly executionHookId: string;
  readonly applicationId: string;
  readonly enabled: boolean;
}

interface AstraOverride {
  readonly id: string;
  readonly executionHookID: string;
  readonly appID: string;
  readonly enabled: string;
}

export class HookOverridesApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  async list(accountId: string, applicationId: string): Promise<HookOverride[]> {
    const body = ok(await this.#http.requestSurface('GET', base(accountId, applicationId))) as { items?: AstraOverride[] };
    return (body.items ?? []).map(fromAstra);
  }

  /** Switches a provided hook on or off for the application; resolves with the new override. */
  async create(accountId: string, applicationId: string, executionHookId: string, enabled: boolean): Promise<HookOverride> {
    const body = { type: MEDIA, version: '1.0', executionHookID: executionHookId, enabled: String(enabled) };
    return fromAstra(ok(await this.#http.requestSurface('POST', base(accountId, applicationId), body)) as AstraOverride);
  }

  async setEnabled(accountId: string, applicationId: string, overrideId: string, enabled: boolean): Promise<void> {
    ok(await this.#http.requestSurface('PUT', `${base(accountId, applicationId)}/${seg(overrideId)}`, { type: MEDIA, version: '1.0', enabled: String(enabled) }));
  }

  /** The provided hook applies to the application again. */
  async delete(accountId: string, applicationId: string, overrideId: string): Promise<void> {
    ok(await this.#http.requestSurface('DELETE', `${base(accountId, applicationId)}/${seg(overrideId)}`));
  }
}

function base(accountId: string, applicationId: string): string {
  return `/accounts/${seg(accountId)}/k8s/v1/apps/${seg(applicationId)}/executionHookOverrides`;
}

function fromAstra(o: AstraOverride): HookOverride {
  return { id: o.id, executionHookId: o.executionHookID, applicationId: o.appID, enabled: o.enabled === 'true' };
}

/** The body of a 2xx answer; an Astra problem becomes CapstanApiError. */
function ok(answer: RawResponse): unknown {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const p = (answer.body ?? {}) as { type?: unknown; title?: unknown; detail?: unknown; correlationID?: unknown; invalidFields?: unknown; invalidParams?: unknown };
  const number = typeof p.type === 'string' ? /\/problems\/(\d+)$/.exec(p.type)?.[1] : undefined;
  const fields = [...(Array.isArray(p.invalidFields) ? p.invalidFields : []), ...(Array.isArray(p.invalidParams) ? p.invalidParams : [])] as { name?: unknown; reason?: unknown }[];
  return failure(answer, {
    type: typeof p.type === 'string' ? p.type : 'about:blank',
    title: typeof p.title === 'string' ? p.title : answer.statusText || `HTTP ${answer.status}`,
    detail: typeof p.detail === 'string' ? p.detail : '',
    code: number ? `ASTRA_${number}` : `HTTP_${answer.status}`,
    errors: fields.map((f) => ({ pointer: `/body/${String(f.name)}`, detail: String(f.reason) })),
    ...(typeof p.correlationID === 'string' ? { requestId: p.correlationID } : {}),
  });
}

function failure(answer: RawResponse, problem: { type: string; title: string; detail: string; code: string; errors: { pointer: string; detail: string }[]; requestId?: string }): never {
  throw new CapstanApiError({ ...problem, status: answer.status });
}
