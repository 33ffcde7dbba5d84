/** What the per-resource API files need from CapstanClient: authenticated native calls, and calls to handed-out URLs. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface RawResponse {
  readonly status: number;
  readonly statusText: string;
  /** The JSON body, or null when the body was empty or not JSON. */
  readonly body: unknown;
}

export interface ApiTransport {
  request<T>(method: HttpMethod, path: string, options?: { body?: unknown; query?: Query }): Promise<T>;
  callUrl(method: HttpMethod, url: string, body?: unknown): Promise<RawResponse>;
}

export function seg(id: string): string {
  return encodeURIComponent(id);
}
