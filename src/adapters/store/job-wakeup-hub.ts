import { randomUUID } from 'node:crypto';
import type { JobWakeups, WakeupLogger } from '../../app/ports/job-wakeups.ts';

/** The cross-process half of the wake-ups (postgres/postgres-job-listener.ts); closing it must not hang. */
export interface RemoteWakeups {
  /** Settles once it first listens (after giving its first wake-up), or is closed. */
  readonly listening: Promise<void>;
  close(): Promise<void>;
}

/** Opens the remote half: `onWake` for every other process's commit; its own (tagged `origin`) it skips. */
export type OpenRemoteWakeups = (options: { readonly origin: string; readonly onWake: () => void; readonly logger: WakeupLogger }) => RemoteWakeups;

/**
 * The store's JobWakeups: fans each commit's hint out to this process's subscribers, and (on PostgreSQL) keeps the
 * remote listener open while anyone is subscribed, so a store no worker uses never holds a LISTEN connection.
 */
export class JobWakeupHub implements JobWakeups {
  /** Tags this store's NOTIFYs, so its own listener skips them: `emit` has already woken its subscribers. */
  readonly origin: string = randomUUID();
  readonly #subscribers = new Set<{ readonly onWake: () => void; readonly logger: WakeupLogger | undefined }>();
  /** The remote listener reports to the first current subscriber that gave a logger (the worker's, in production). */
  readonly #logger: WakeupLogger = {
    info: (obj, msg) => this.#reporter()?.info(obj, msg),
    warn: (obj, msg) => this.#reporter()?.warn(obj, msg),
  };
  readonly #openRemote: OpenRemoteWakeups | null;
  #remote: RemoteWakeups | null = null;
  #closing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(openRemote: OpenRemoteWakeups | null = null) {
    this.#openRemote = openRemote;
  }

  subscribe(onWake: () => void, logger?: WakeupLogger): () => void {
    const entry = { onWake, logger }; // its own identity, so one function may subscribe twice
    this.#subscribers.add(entry);
    if (this.#remote === null && this.#openRemote !== null && !this.#closed) {
      this.#remote = this.#openRemote({ origin: this.origin, onWake: () => this.emit(), logger: this.#logger });
    }
    return () => {
      if (this.#subscribers.delete(entry) && this.#subscribers.size === 0) this.#closeRemote();
    };
  }

  /**
   * Wakes every subscriber. Called on the committing path after COMMIT returned: it must never throw there (the
   * caller would take a committed transaction for a failed one and retry it), so a throwing subscriber is ignored.
   */
  emit(): void {
    for (const subscriber of this.#subscribers) {
      try {
        subscriber.onWake();
      } catch {
        // A hint only; the subscriber's poll covers what it missed.
      }
    }
  }

  /**
   * Settles once the remote listener (if one is open) has first started listening, and its first wake-up (for what
   * other replicas committed before) has been given: for tests and start-up checks.
   */
  get listening(): Promise<void> {
    return this.#remote?.listening ?? Promise.resolve();
  }

  /** With the store: drops subscribers and closes the remote listener. */
  close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
    this.#closeRemote();
    return this.#closing;
  }

  #reporter(): WakeupLogger | undefined {
    for (const subscriber of this.#subscribers) if (subscriber.logger) return subscriber.logger;
    return undefined;
  }

  #closeRemote(): void {
    const remote = this.#remote;
    if (remote === null) return;
    this.#remote = null;
    this.#closing = this.#closing.then(() => remote.close()).catch(() => {});
  }
}
