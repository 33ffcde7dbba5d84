// Fault injection: the next `count` requests matching method/path fail with a Status of the given code, never get
// an answer (timeout), or are delayed. The first rule that matches and has count left wins.
import { ApiError, conflict, internalError, serviceUnavailable, tooManyRequests } from './status.ts';
import type { ResourceType } from './resources.ts';

export interface FaultRule {
  status?: 409 | 429 | 500 | 503;
  timeout?: boolean;
  latencyMs?: number;
  count: number;
  method?: string;
  pathPattern?: RegExp;
}

export class Faults {
  #rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    this.#rules.push({ ...rule });
  }

  clear(): void {
    this.#rules = [];
  }

  /** Takes one use of the first matching rule. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.#rules.find((r) => r.count > 0
      && (r.method === undefined || r.method.toUpperCase() === method.toUpperCase())
      && (r.pathPattern === undefined || r.pathPattern.test(path)));
    if (rule) rule.count--;
    return rule;
  }
}

/** The error an injected status stands for, shaped like the real one (429 carries retryAfterSeconds). */
export function faultError(status: NonNullable<FaultRule['status']>, r: ResourceType | undefined, name: string): ApiError {
  switch (status) {
    case 409: return r ? conflict(r, name) : conflictWithoutResource();
    case 429: return tooManyRequests();
    case 500: return internalError('injected fault');
    case 503: return serviceUnavailable('the server is currently unable to handle the request');
  }
}

function conflictWithoutResource(): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409,
    message: 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again' });
}
