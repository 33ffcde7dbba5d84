/**
 * Per-application overrides of the NetApp-provided execution hooks (/api/v1/applications/{id}/hook-overrides):
 * switch a provided hook off (or on again) for one application. Deleting the override makes the provided hook
 * apply again. The same resources as Astra's executionHookOverrides (N-16…N-20).
 */
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';

export interface HookOverride {
  readonly id: string;
  readonly applicationId: string;
  readonly executionHookId: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export class HookOverridesApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  /** Oldest first, keyset-paged (an application has at most one override per provided hook). */
  list(applicationId: string, page: PageParams = {}): Promise<Page<HookOverride>> {
    return this.#http.request('GET', base(applicationId), { query: { limit: page.limit, cursor: page.cursor } });
  }

  get(applicationId: string, overrideId: string): Promise<HookOverride> {
    return this.#http.request('GET', `${base(applicationId)}/${seg(overrideId)}`);
  }

  /** Switches a provided hook on or off for the application; 409 when it already has an override for that hook. */
  create(applicationId: string, executionHookId: string, enabled: boolean): Promise<HookOverride> {
    return this.#http.request('POST', base(applicationId), { body: { executionHookId, enabled } });
  }

  setEnabled(applicationId: string, overrideId: string, enabled: boolean): Promise<HookOverride> {
    return this.#http.request('PUT', `${base(applicationId)}/${seg(overrideId)}`, { body: { enabled } });
  }

  /** The provided hook applies to the application again. */
  delete(applicationId: string, overrideId: string): Promise<void> {
    return this.#http.request('DELETE', `${base(applicationId)}/${seg(overrideId)}`);
  }
}

function base(applicationId: string): string {
  return `/applications/${seg(applicationId)}/hook-overrides`;
}
