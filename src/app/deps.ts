import type { AppMetrics } from './ports/app-metrics.ts';
import type { Clock } from './ports/clock.ts';
import type { IdSource } from './ports/id-source.ts';
import type { KubeConnector } from './ports/kube-gateway.ts';
import type { RegistryClient } from './ports/registry-client.ts';
import type { SecretBox } from './ports/secret-box.ts';
import type { Store } from './ports/store.ts';
import type { WebhookParsers } from './ports/webhook-parser.ts';

/** What use cases are built from; assembled once in src/main.ts (or by a test with real SQLite and fakes). */
export interface AppDeps {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly kube: KubeConnector;
  /** Tag lists and manifest digests from container registries (polling; re-resolving a pushed tag, W5). */
  readonly registry: RegistryClient;
  /** Sender type → webhook parser, for registry receivers. */
  readonly webhooks: WebhookParsers;
  /** Outcome counters for /metrics; optional so fixtures need none (use `deps.metrics ?? NO_METRICS`). */
  readonly metrics?: AppMetrics;
}
