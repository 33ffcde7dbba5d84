/**
 * Registry ingest (/api/v1/registry-receivers, /registry-events, /watched-repositories): webhook receivers a
 * registry posts pushes to, repositories Capstan polls instead, and the pushes accepted from both (each is
 * matched against the image triggers).
 */
import type { QuarantineHold } from './image-trigger-quarantine.ts';
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';

export const SENDER_TYPES = [
  'distribution', 'docker-hub', 'harbor', 'quay', 'github-packages', 'acr', 'ecr', 'gar', 'alibaba-acr', 'tencent-tcr',
  'jfrog', 'nexus', 'cloudevents', 'standard-webhooks',
] as const;
export type SenderType = (typeof SENDER_TYPES)[number] | (string & {});

export interface RegistryReceiver {
  readonly id: string;
  readonly name: string;
  readonly sender: SenderType;
  /** Where the registry posts. Without a secret this URL is the credential. */
  readonly url: string;
  readonly auth: 'signature' | 'shared-header' | 'receiver-url';
  readonly hasSecret: boolean;
  readonly contentTypes: readonly string[];
  readonly registryHost: string | null;
  readonly createdAt: string;
}

export interface CreateReceiverInput {
  readonly name: string;
  readonly sender: SenderType;
  /** HMAC key or shared header value, by the sender's rules; write-only. */
  readonly secret?: string;
  readonly registryHost?: string;
}

export interface RegistryEvent {
  readonly id: string;
  readonly source: 'webhook' | 'poll';
  readonly sourceId: string;
  readonly sender: SenderType;
  readonly eventId: string | null;
  readonly registryHost: string | null;
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
  readonly mediaType: string | null;
  readonly pushedAt: string | null;
  readonly actor: string | null;
  readonly receivedAt: string;
  /** Image triggers this push matched but did not fire: a rollback quarantined its digest (or tag) for them. */
  readonly heldBack: readonly QuarantineHold[];
}

export interface WatchedRepository {
  readonly id: string;
  readonly name: string;
  readonly registryUrl: string;
  readonly registryHost: string;
  readonly repository: string;
  readonly tagPattern: string | null;
  readonly intervalSeconds: number;
  readonly enabled: boolean;
  readonly hasCredentials: boolean;
  readonly trackedTags: number | null;
  readonly lastPolledAt: string | null;
  readonly lastError: string | null;
  /** The registry host's request budget: paused (after a 429, or a 503 with Retry-After) until when, and why. */
  readonly registryLimit: {
    readonly host: string;
    readonly pausedUntil: string | null;
    readonly lastThrottle: { readonly at: string; readonly status: number; readonly retryAfterS: number | null } | null;
  } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreateWatchedRepositoryInput {
  readonly name: string;
  readonly registryUrl: string;
  readonly repository: string;
  readonly registryHost?: string;
  readonly tagPattern?: string;
  readonly intervalSeconds?: number;
  readonly enabled?: boolean;
  readonly credentials?: { readonly username: string; readonly password: string };
}

export type UpdateWatchedRepositoryInput = Partial<Omit<CreateWatchedRepositoryInput, 'registryUrl' | 'repository' | 'credentials' | 'tagPattern'>> & {
  readonly tagPattern?: string | null;
  readonly credentials?: { readonly username: string; readonly password: string } | null;
};

export class RegistryApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  createReceiver(input: CreateReceiverInput): Promise<RegistryReceiver> { return this.#http.request('POST', '/registry-receivers', { body: input }); }
  listReceivers(page: PageParams = {}): Promise<Page<RegistryReceiver>> {
    return this.#http.request('GET', '/registry-receivers', { query: { limit: page.limit, cursor: page.cursor } });
  }
  getReceiver(id: string): Promise<RegistryReceiver> { return this.#http.request('GET', `/registry-receivers/${seg(id)}`); }
  deleteReceiver(id: string): Promise<void> { return this.#http.request('DELETE', `/registry-receivers/${seg(id)}`); }

  /** Accepted pushes, newest first. */
  listEvents(params: PageParams & { readonly repository?: string } = {}): Promise<Page<RegistryEvent>> {
    return this.#http.request('GET', '/registry-events', { query: { limit: params.limit, cursor: params.cursor, repository: params.repository } });
  }
  getEvent(id: string): Promise<RegistryEvent> { return this.#http.request('GET', `/registry-events/${seg(id)}`); }

  watchRepository(input: CreateWatchedRepositoryInput): Promise<WatchedRepository> { return this.#http.request('POST', '/watched-repositories', { body: input }); }
  listWatched(page: PageParams = {}): Promise<Page<WatchedRepository>> {
    return this.#http.request('GET', '/watched-repositories', { query: { limit: page.limit, cursor: page.cursor } });
  }
  getWatched(id: string): Promise<WatchedRepository> { return this.#http.request('GET', `/watched-repositories/${seg(id)}`); }
  updateWatched(id: string, input: UpdateWatchedRepositoryInput): Promise<WatchedRepository> {
    return this.#http.request('PATCH', `/watched-repositories/${seg(id)}`, { body: input });
  }
  deleteWatched(id: string): Promise<void> { return this.#http.request('DELETE', `/watched-repositories/${seg(id)}`); }
}
