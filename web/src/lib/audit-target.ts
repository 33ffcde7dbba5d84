/**
 * Where an audit entry's target can be looked at in the UI. The server records as target the id a create answered
 * with, else the route's last path parameter (src/http/plugins/audit.ts), so a target is only known to be a record,
 * cluster, application, trigger, image trigger, task, hook or notification channel on the native routes listed here, whose last path
 * parameter is that resource's `:id`. Nested routes whose target is something else (an application's hook
 * overrides, a token's access keys) and the vendor surfaces (whose targets are vendor names, not ids) get no link.
 */
import type { AuditEvent } from '../../../client/index.ts';

/** Native collection → the UI's page for one of its items. */
const PAGES: Readonly<Record<string, string>> = {
  'deploy-records': '/ui/records',
  clusters: '/ui/clusters',
  applications: '/ui/apps',
  triggers: '/ui/triggers',
  'image-triggers': '/ui/image-triggers',
  'deploy-tasks': '/ui/tasks',
  'execution-hooks': '/ui/hooks',
  'notification-channels': '/ui/notifications',
};

/**
 * Actions on one item whose target is still that item: none answers 201 (start and rollback answer 202 with the
 * record they queued), so the target stays the path's record or task id.
 */
const ITEM_ACTIONS: ReadonlySet<string> = new Set(['stop', 'rollback', 'start', 'trigger-rule', 'test']);

const NATIVE = /^\/api\/v1\/([a-z-]+)(?:\/:id(?:\/([a-z-]+))?)?$/;

/**
 * The UI path of the entry's target, or null: no target, a route the UI has no page for, or a delete that
 * succeeded (the item is gone, so its page would only say "not found").
 */
export function auditTargetPath(event: Pick<AuditEvent, 'route' | 'method' | 'target' | 'outcome'>): string | null {
  if (event.target === null || event.target === '') return null;
  if (event.method === 'DELETE' && event.outcome === 'succeeded') return null;
  const match = NATIVE.exec(event.route);
  if (!match) return null;
  const [, collection = '', action] = match;
  const page = PAGES[collection];
  if (page === undefined) return null;
  if (action !== undefined && !ITEM_ACTIONS.has(action)) return null;
  return `${page}/${encodeURIComponent(event.target)}`;
}
