/**
 * Where the audit page links an entry's target (web/src/lib/audit-target.ts), without a browser: a native route
 * whose target is one of the UI's resources links to that resource's page; a route whose target is something else
 * (a token, an access key, a hook override, a vendor name), a missing target, or a delete that succeeded does not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../client/index.ts';
import { auditTargetPath } from '../../web/src/lib/audit-target.ts';

type Call = Pick<AuditEvent, 'route' | 'method' | 'target' | 'outcome'>;
const call = (method: string, route: string, target: string | null, outcome: AuditEvent['outcome'] = 'succeeded'): Call => ({ method, route, target, outcome });

describe('audit entry target links', () => {
  test('creates, changes and item actions on the UI\'s resources link to their pages', () => {
    const cases: [Call, string][] = [
      [call('POST', '/api/v1/clusters', 'loop'), '/ui/clusters/loop'],
      [call('PUT', '/api/v1/applications/:id', 'a1'), '/ui/apps/a1'],
      [call('POST', '/api/v1/applications', 'a2', 'succeeded'), '/ui/apps/a2'],
      [call('PATCH', '/api/v1/triggers/:id', 't1'), '/ui/triggers/t1'],
      [call('PATCH', '/api/v1/image-triggers/:id', 'i1', 'denied'), '/ui/image-triggers/i1'],
      [call('POST', '/api/v1/deploy-tasks', 'task1'), '/ui/tasks/task1'],
      [call('POST', '/api/v1/deploy-tasks/:id/start', 'task1', 'failed'), '/ui/tasks/task1'],
      [call('PUT', '/api/v1/deploy-tasks/:id/trigger-rule', 'task1'), '/ui/tasks/task1'],
      [call('POST', '/api/v1/deploy-records/:id/rollback', 'r1'), '/ui/records/r1'],
      [call('POST', '/api/v1/deploy-records/:id/stop', 'r2', 'failed'), '/ui/records/r2'],
      [call('PUT', '/api/v1/execution-hooks/:id', 'h1'), '/ui/hooks/h1'],
      [call('POST', '/api/v1/notification-channels', 'n1'), '/ui/notifications/n1'],
      [call('POST', '/api/v1/notification-channels/:id/test', 'n1'), '/ui/notifications/n1'],
      [call('DELETE', '/api/v1/clusters/:id', 'loop', 'denied'), '/ui/clusters/loop'],
      [call('DELETE', '/api/v1/triggers/:id', 't1', 'failed'), '/ui/triggers/t1'],
      [call('PUT', '/api/v1/applications/:id', 'a/b c'), '/ui/apps/a%2Fb%20c'],
    ];
    for (const [event, path] of cases) assert.equal(auditTargetPath(event), path, `${event.method} ${event.route}`);
  });

  test('no link without a target, for other resources, vendor names, nested items or a resource deleted', () => {
    const cases: Call[] = [
      call('POST', '/api/v1/clusters', null, 'failed'),
      call('POST', '/api/v1/tokens', 'tok1'),
      call('DELETE', '/api/v1/tokens/:id/access-keys/:keyId', 'key1'),
      call('POST', '/api/v1/applications/:id/hook-overrides', 'override1'),
      call('PUT', '/api/v1/applications/:id/hook-overrides/:overrideId', 'override1'),
      call('POST', '/api/v1/hook-sources', 'src1'),
      call('PUT', '/api/v1/execution-hook-settings', 'x'),
      call('POST', '/', 'audit-web'),
      call('POST', '/clusters/:cluster_id/triggers', 'loop'),
      call('DELETE', '/api/v1/clusters/:id', 'loop'),
      call('DELETE', '/api/v1/deploy-tasks/:id', 'task1'),
    ];
    for (const event of cases) assert.equal(auditTargetPath(event), null, `${event.method} ${event.route} ${event.target}`);
  });
});
