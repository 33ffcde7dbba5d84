/**
 * Per-request child loggers that cost nothing until they log. Fastify gives every request a child logger bound to
 * its request id; pino serializes a child's bindings (through the redaction paths) when the child is made, which
 * was a measurable part of a no-op request (bench/auth-noop.bench.ts) although most requests never log at the
 * configured level. Here the child is an object over a shared prototype holding its bindings; the serialized
 * bindings (pino's `chindings`) are made by a real `parent.child(bindings)` the first time anything reads them —
 * the first line written, `bindings()`, or a child of the child — and kept. What a line contains is unchanged.
 *
 * Relies on `pino.symbols.chindingsSym`, pino's documented hook for this state; lazy-child-logger.test.ts pins
 * the behaviour against the pinned pino version.
 */
import pino, { type Bindings, type Logger } from 'pino';

const { chindingsSym } = pino.symbols;
const BINDINGS = Symbol('capstan.lazyChildBindings');

type LazyChild = Logger & { [BINDINGS]: Bindings };

export type ChildFactory = (parent: Logger, bindings: Bindings) => Logger;

/** A factory for Fastify's `childLoggerFactory`; one shared prototype per parent logger. */
export function lazyChildLoggers(): ChildFactory {
  const prototypes = new WeakMap<Logger, Logger>();
  return (parent, bindings) => {
    let prototype = prototypes.get(parent);
    if (prototype === undefined) {
      prototype = prototypeOver(parent);
      prototypes.set(parent, prototype);
    }
    const child = Object.create(prototype) as LazyChild;
    child[BINDINGS] = bindings;
    return child;
  };
}

function prototypeOver(parent: Logger): Logger {
  const own = (target: object, value: unknown): void => {
    Object.defineProperty(target, chindingsSym, { value, writable: true, configurable: true, enumerable: true });
  };
  return Object.create(parent, {
    [chindingsSym]: {
      get(this: LazyChild): unknown {
        const value = (parent.child(this[BINDINGS]) as unknown as Record<symbol, unknown>)[chindingsSym];
        own(this, value);
        return value;
      },
      // pino assigns chindings on children of this child and in setBindings(): keep them as own values.
      set(this: object, value: unknown): void {
        own(this, value);
      },
    },
  }) as Logger;
}
