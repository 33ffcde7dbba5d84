/**
 * Access keys of API tokens (/api/v1/tokens/{id}/access-keys; admin only): the key pairs the vendors' SDKs sign
 * requests with (Alibaba AccessKey ID/Secret, Tencent SecretId/SecretKey, Huawei AK/SK). A signed request acts
 * with the token's role. The secret is returned by create only; at most two keys per token.
 */
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';

export interface AccessKey {
  /** AccessKey ID / SecretId / AK; not secret. */
  readonly id: string;
  readonly tokenId: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** Returned by create only: `secret` is not shown again. */
export interface CreatedAccessKey extends AccessKey {
  /** AccessKey Secret / SecretKey / SK. */
  readonly secret: string;
}

export class AccessKeysApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  create(tokenId: string): Promise<CreatedAccessKey> { return this.#http.request('POST', `/tokens/${seg(tokenId)}/access-keys`); }
  list(tokenId: string, page: PageParams = {}): Promise<Page<AccessKey>> {
    return this.#http.request('GET', `/tokens/${seg(tokenId)}/access-keys`, { query: { limit: page.limit, cursor: page.cursor } });
  }
  /** Signed requests with the key fail at once, on every replica. */
  delete(tokenId: string, id: string): Promise<void> { return this.#http.request('DELETE', `/tokens/${seg(tokenId)}/access-keys/${seg(id)}`); }
}
