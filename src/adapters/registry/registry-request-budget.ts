import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistryHostLimit } from '../../app/ports/registry-client.ts';
import { AppError } from '../../domain/errors.ts';

/**
 * One request budget per registry host, shared by every call this process makes to that host (tag pages, manifest
 * HEADs and GETs, token requests — keyed by the host each request goes to). Two rules (ADR 0010):
 *
 * - A token bucket: `ratePerSecond` requests per second on average, `burst` at once. Callers that find the bucket
 *   empty reserve the next slot in arrival order and wait for it, so forty watched repositories on Docker Hub are
 *   spaced out instead of fired together.
 * - A host pause: when any call to a host gets 429 (or 503 with Retry-After), every caller on that host waits until
 *   the pause ends — Retry-After capped at `maxPauseMs` plus up to 20 % jitter, or, without Retry-After, an
 *   exponential backoff (1 s, 2 s, 4 s … up to `maxPauseMs`) reset by the next answer that is not throttled. So
 *   one throttled repository stops its siblings from piling more 429s on the same host.
 *
 * A caller never waits longer than `maxWaitMs`: a wait that would end later fails at once with REGISTRY_UNAVAILABLE
 * carrying `retryAfterS`, which a poll turns into a later reschedule. An aborted signal ends a wait at once. The
 * state is per process; replicas each keep their own budget.
 */
export interface RegistryRequestBudgetOptions {
  /** Average requests per second per host. Default 10. */
  readonly ratePerSecond?: number;
  /** Requests a host may get at once after being idle. Default 20. */
  readonly burst?: number;
  /** Longest a single call waits for its host before failing fast. Default 10 s. */
  readonly maxWaitMs?: number;
  /** Cap on one pause, whatever Retry-After asks for. Default 10 minutes. */
  readonly maxPauseMs?: number;
  /** [0, 1); injectable so tests can pin the jitter. */
  readonly random?: () => number;
}

interface HostState {
  tokens: number;
  refilledAt: number;
  pausedUntil: number;
  lastThrottle: RegistryHostLimit['lastThrottle'];
  consecutiveThrottles: number;
}

const BACKOFF_BASE_MS = 1_000;
/** Hosts remembered at most; the first seen goes first (hosts come from watches, so this only bounds abuse). */
const MAX_HOSTS = 1_000;

export class RegistryRequestBudget {
  readonly #rate: number;
  readonly #burst: number;
  readonly #maxWaitMs: number;
  readonly #maxPauseMs: number;
  readonly #random: () => number;
  readonly #hosts = new Map<string, HostState>();

  constructor(options: RegistryRequestBudgetOptions = {}) {
    this.#rate = options.ratePerSecond ?? 10;
    this.#burst = options.burst ?? 20;
    this.#maxWaitMs = options.maxWaitMs ?? 10_000;
    this.#maxPauseMs = options.maxPauseMs ?? 600_000;
    this.#random = options.random ?? Math.random;
    if (!(this.#rate > 0) || !(this.#burst >= 1)) throw new RangeError('ratePerSecond must be > 0 and burst >= 1');
  }

  /** Waits until `host` may get one more request; fails fast (REGISTRY_UNAVAILABLE + retryAfterS) past maxWaitMs. */
  async acquire(host: string, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.#maxWaitMs;
    for (;;) {
      if (signal?.aborted) throw cancelled(host);
      const state = this.#state(host);
      const now = Date.now();
      if (state.pausedUntil > now) {
        if (state.pausedUntil > deadline) throw tooLong(host, state.pausedUntil - now, 'paused after the registry throttled Capstan');
        await wait(state.pausedUntil - now, signal, host);
        continue;
      }
      // Reserve a token, going into debt when the bucket is empty: the debt orders waiters first come, first served.
      this.#refill(state, now);
      state.tokens -= 1;
      const waitMs = state.tokens >= 0 ? 0 : Math.ceil((-state.tokens * 1000) / this.#rate);
      if (waitMs === 0) return;
      if (now + waitMs > deadline) {
        state.tokens += 1;
        throw tooLong(host, waitMs, 'out of request budget');
      }
      try {
        await wait(waitMs, signal, host);
      } catch (error) {
        state.tokens += 1;
        throw error;
      }
      // A pause that began while this call waited for its slot applies to it too: give the slot back (the pause
      // reset the bucket) and queue again behind the pause.
      if (state.pausedUntil <= Date.now()) return;
      state.tokens += 1;
    }
  }

  /**
   * Tells the budget how `host` answered. 429, and 503 with Retry-After, pause the host; any other answer ends the
   * backoff streak (the pause already set still runs out).
   */
  observe(host: string, status: number, retryAfterS: number | undefined): void {
    const state = this.#state(host);
    const throttled = status === 429 || (status === 503 && retryAfterS !== undefined);
    if (!throttled) {
      state.consecutiveThrottles = 0;
      return;
    }
    const now = Date.now();
    state.consecutiveThrottles += 1;
    state.lastThrottle = { at: now, status, retryAfterS: retryAfterS ?? null };
    const base = retryAfterS !== undefined
      ? Math.min(retryAfterS * 1000, this.#maxPauseMs)
      : Math.min(BACKOFF_BASE_MS * 2 ** Math.min(state.consecutiveThrottles - 1, 30), this.#maxPauseMs);
    // Jitter only lengthens: never resume before the registry said we may; spread replicas and restarts apart.
    const until = now + base + Math.floor(base * 0.2 * this.#random());
    state.pausedUntil = Math.max(state.pausedUntil, until);
    // Resume at the steady rate, not with a full burst the moment the pause ends.
    state.tokens = Math.min(state.tokens, 0);
    state.refilledAt = Math.max(state.refilledAt, state.pausedUntil);
  }

  /** Every host this process has talked to, in the order first seen. */
  hosts(): RegistryHostLimit[] {
    return [...this.#hosts].map(([host, s]) => view(host, s));
  }

  /** One host's budget, or null before the first request to it. */
  host(host: string): RegistryHostLimit | null {
    const key = host.toLowerCase();
    const state = this.#hosts.get(key);
    return state === undefined ? null : view(key, state);
  }

  #state(host: string): HostState {
    const key = host.toLowerCase();
    let state = this.#hosts.get(key);
    if (state === undefined) {
      if (this.#hosts.size >= MAX_HOSTS) this.#hosts.delete(this.#hosts.keys().next().value as string);
      state = { tokens: this.#burst, refilledAt: Date.now(), pausedUntil: 0, lastThrottle: null, consecutiveThrottles: 0 };
      this.#hosts.set(key, state);
    }
    return state;
  }

  #refill(state: HostState, now: number): void {
    if (now <= state.refilledAt) return;
    state.tokens = Math.min(this.#burst, state.tokens + ((now - state.refilledAt) * this.#rate) / 1000);
    state.refilledAt = now;
  }
}

function view(host: string, s: HostState): RegistryHostLimit {
  return {
    host,
    pausedUntil: s.pausedUntil > Date.now() ? s.pausedUntil : null,
    lastThrottle: s.lastThrottle,
    consecutiveThrottles: s.consecutiveThrottles,
  };
}

async function wait(ms: number, signal: AbortSignal | undefined, host: string): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw cancelled(host);
    throw error;
  }
}

const cancelled = (host: string): AppError => new AppError('REGISTRY_UNAVAILABLE', `${host}: the call was cancelled.`);

function tooLong(host: string, waitMs: number, why: string): AppError {
  return new AppError('REGISTRY_UNAVAILABLE', `${host}: ${why}; the next request may go in ${Math.ceil(waitMs / 1000)} s.`, {
    retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)),
  });
}
