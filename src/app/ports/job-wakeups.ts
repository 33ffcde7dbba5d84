/** Where the wake-up channel reports trouble (a pino logger, or the worker's, fits). Messages are static. */
export interface WakeupLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Hints that a job may have become claimable now (protocols-reliability.md Q8), so a worker claims at once instead
 * of sleeping out its poll. A hint, never the queue: a hint can be missed (a listener reconnecting, a replica
 * starting) or spurious (the job already claimed elsewhere), so workers keep polling as the safety net.
 *
 * A hint is given only after the transaction that enqueued, requeued or released a due job has committed — never
 * for one that rolled back — and once per commit however many jobs it wrote. Jobs delayed into the future give
 * none; polling finds them when they fall due.
 */
export interface JobWakeups {
  /**
   * Calls `onWake` after every such commit in this process and, on PostgreSQL, in every other replica (through
   * LISTEN on one dedicated connection, open while anyone is subscribed; its loss and reconnection are reported to
   * `logger`). `onWake` runs synchronously on the committing path: it must only take note and return. Returns the
   * unsubscribe function.
   */
  subscribe(onWake: () => void, logger?: WakeupLogger): () => void;
}
