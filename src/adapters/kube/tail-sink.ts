import { Writable } from 'node:stream';

/**
 * A writable stream that keeps only the last `limit` bytes written (K21, H9: bounded output capture). Memory stays
 * below 2 × limit whatever the command prints.
 */
export class TailSink extends Writable {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #total = 0;

  constructor(limit: number) {
    super();
    this.#limit = Math.max(0, limit);
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.#chunks.push(buffer);
    this.#size += buffer.length;
    this.#total += buffer.length;
    if (this.#size > 2 * this.#limit) this.#compact();
    callback();
  }

  /** True when more was written than is kept. */
  get truncated(): boolean {
    return this.#total > this.#limit;
  }

  /** The kept bytes as UTF-8; a character cut in half at the start of the tail is dropped, not garbled. */
  text(): string {
    this.#compact();
    const tail = this.#chunks[0] ?? Buffer.alloc(0);
    let start = 0;
    if (this.truncated) {
      while (start < tail.length && start < 3 && ((tail[start] ?? 0) & 0xc0) === 0x80) start++;
    }
    return tail.subarray(start).toString('utf8');
  }

  #compact(): void {
    const all = Buffer.concat(this.#chunks);
    const kept = all.length > this.#limit ? all.subarray(all.length - this.#limit) : all;
    this.#chunks = [Buffer.from(kept)];
    this.#size = kept.length;
  }
}
