/** Wall-clock time in epoch milliseconds. Injected so use cases and tests agree on "now". */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
