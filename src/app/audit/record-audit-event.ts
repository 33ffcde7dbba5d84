import { auditOutcomeOf, MAX_AUDIT_TEXT, type AuditEvent } from '../../domain/audit-event.ts';
import type { AppDeps } from '../deps.ts';
import { sharedTransaction } from '../shared-transaction.ts';

/** What the HTTP layer knows about one finished call; the use case adds the id, the time and the outcome. */
export interface AuditCallRecord extends Omit<AuditEvent, 'id' | 'at' | 'outcome' | 'accountId'> {
  /** The caller's account; null when the call carried no valid credentials (then the default account's log gets it). */
  readonly accountId: string | null;
  /**
   * The status the error means when the call failed (the vendor surfaces answer some errors with 200); it decides
   * the outcome. Undefined when the call did not fail.
   */
  readonly errorStatus?: number;
}

// Capstan is single-tenant until multi-account lands: the first account ever created is the default, and it never
// changes once it exists, so one lookup per store serves every anonymous call.
const defaultAccounts = new WeakMap<object, string>();

/**
 * Appends one audit entry and resolves once it is committed. The write shares a group-commit transaction with
 * other callers' work (shared-transaction.ts), so recording a call costs a commit only when nothing else is being
 * written. Resolves with the entry, or null when there is no account to file an anonymous call under (a store
 * that was never bootstrapped). Store failures reject; the caller decides what a lost entry means.
 */
export async function recordAuditEvent(deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>, call: AuditCallRecord): Promise<AuditEvent | null> {
  const at = deps.clock.now();
  const id = deps.ids.newOrderedId();
  return sharedTransaction(deps.store, async (tx) => {
    const accountId = call.accountId ?? defaultAccounts.get(deps.store) ?? (await tx.accounts.getDefault())?.id ?? null;
    if (accountId === null) return null;
    if (call.accountId === null) defaultAccounts.set(deps.store, accountId);
    const event: AuditEvent = {
      id, accountId, at, actor: call.actor, method: call.method,
      route: cut(call.route), action: cut(call.action), target: call.target === null ? null : cut(call.target),
      status: call.status, outcome: auditOutcomeOf(call.errorStatus ?? call.status), errorCode: call.errorCode,
      requestId: call.requestId, sourceIp: call.sourceIp,
    };
    await tx.auditEvents.append(event);
    return event;
  });
}

function cut(text: string): string {
  return text.length <= MAX_AUDIT_TEXT ? text : text.slice(0, MAX_AUDIT_TEXT);
}
