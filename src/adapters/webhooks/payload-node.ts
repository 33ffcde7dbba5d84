import { invalid } from '../../domain/errors.ts';

/**
 * A position in an untrusted JSON payload that knows its own JSON Pointer (RFC 6901), so every complaint names the
 * exact field (`/body/events/0/target/repository`). Navigation never throws; the typed readers throw AppError
 * VALIDATION_FAILED with that pointer, never a TypeError, whatever shape the sender delivered.
 */
export class PayloadNode {
  readonly value: unknown;
  // A child's pointer is spelled out only when read (a complaint, or a parser passing it on): every registry
  // webhook's payload is walked field by field on the intake path, and escaping each step cost more than the walk.
  #pointer: string | { readonly parent: PayloadNode; readonly key: string | number };

  /** `pointer`: where `value` sits (a JSON Pointer), or the parent and key it was reached by. */
  constructor(value: unknown, pointer: string | { readonly parent: PayloadNode; readonly key: string | number }) {
    this.value = value;
    this.#pointer = pointer;
  }

  /** The request body, addressed as `/body/…` like every other request error. */
  static body(value: unknown): PayloadNode {
    return new PayloadNode(value, '/body');
  }

  get pointer(): string {
    if (typeof this.#pointer !== 'string') this.#pointer = `${this.#pointer.parent.pointer}/${escapeToken(String(this.#pointer.key))}`;
    return this.#pointer;
  }

  get(key: string | number): PayloadNode {
    const child = isRecord(this.value) && typeof key === 'string' && Object.hasOwn(this.value, key)
      ? this.value[key]
      : Array.isArray(this.value) && typeof key === 'number' ? this.value[key] : undefined;
    return new PayloadNode(child, { parent: this, key });
  }

  /** Absent and JSON null are the same to every sender we parse. */
  isPresent(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  isObject(): boolean {
    return isRecord(this.value);
  }

  /** Asserts an object; returns the node for chaining. */
  object(): this {
    if (!isRecord(this.value)) this.fail('must be an object');
    return this;
  }

  items(): PayloadNode[] {
    if (!Array.isArray(this.value)) this.fail('must be an array');
    return (this.value as unknown[]).map((_, i) => this.get(i));
  }

  keys(): string[] {
    return Object.keys(this.object().value as Record<string, unknown>);
  }

  /** A non-empty string. */
  string(): string {
    if (typeof this.value !== 'string' || this.value === '') this.fail('must be a non-empty string');
    return this.value as string;
  }

  /** A string, or null when absent, JSON null or empty (GitHub sends `""` for "no tag"). */
  optString(): string | null {
    if (!this.isPresent() || this.value === '') return null;
    return this.string();
  }

  optNumber(): number | null {
    if (!this.isPresent()) return null;
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail('must be a number');
    return this.value as number;
  }

  fail(detail: string): never {
    throw invalid('Webhook payload is not valid', [{ pointer: this.pointer, detail }]);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6901 §3: `~` → `~0`, `/` → `~1`. */
function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
