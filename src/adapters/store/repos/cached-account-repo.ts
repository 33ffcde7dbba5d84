import type { AccountRepo } from '../../../app/ports/store.ts';
import type { Account } from '../../../domain/account.ts';

const MAX_ENTRIES = 1_000;

/**
 * Account rows are insert-only (there is no rename or delete), so a row once read can be served from memory
 * for the life of the store: every authenticated request that names the caller's account then costs no database
 * round trip. Misses are not remembered (an account created on another replica is found on the next call).
 * Bounded: cleared when full. Used on the store itself only; inside a transaction the repo reads through.
 */
export class CachedAccountRepo implements AccountRepo {
  readonly #inner: AccountRepo;
  readonly #byId = new Map<string, Account>();

  constructor(inner: AccountRepo) {
    this.#inner = inner;
  }

  async get(id: string): Promise<Account | null> {
    const hit = this.#byId.get(id);
    if (hit) return hit;
    const account = await this.#inner.get(id);
    if (account) this.#remember(account);
    return account;
  }

  getDefault(): Promise<Account | null> {
    return this.#inner.getDefault();
  }

  insert(account: Account): Promise<void> {
    return this.#inner.insert(account);
  }

  #remember(account: Account): void {
    if (this.#byId.size >= MAX_ENTRIES) this.#byId.clear();
    this.#byId.set(account.id, account);
  }
}
