/** Page paths (all but the overview under /ui/, see lib/router.tsx) and the main navigation. */
import type { ReactNode } from 'react';
import type { Permission } from '../../client/index.ts';
import { ApplicationDetailPage } from './pages/application-detail.tsx';
import { ApplicationsPage } from './pages/applications.tsx';
import { AuditEventsPage } from './pages/audit-events.tsx';
import { ClusterDetailPage } from './pages/cluster-detail.tsx';
import { ClustersPage } from './pages/clusters.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { RecordDetailPage } from './pages/record-detail.tsx';
import { HookDetailPage } from './pages/hook-detail.tsx';
import { HooksPage } from './pages/hooks.tsx';
import { ImageTriggerDetailPage } from './pages/image-trigger-detail.tsx';
import { ImageTriggersPage } from './pages/image-triggers.tsx';
import { NotificationDetailPage } from './pages/notification-detail.tsx';
import { NotificationsPage } from './pages/notifications.tsx';
import { RecordsPage } from './pages/records.tsx';
import { RegistriesPage } from './pages/registries.tsx';
import { TaskDetailPage } from './pages/task-detail.tsx';
import { TasksPage } from './pages/tasks.tsx';
import { TriggerDetailPage } from './pages/trigger-detail.tsx';
import { TriggerLogsPage } from './pages/trigger-logs.tsx';
import { TriggersPage } from './pages/triggers.tsx';

export interface RouteEntry {
  readonly path: string;
  readonly render: (params: Record<string, string>) => ReactNode;
}

// `key` remounts a detail page when only its id changes (e.g. a rollback opens the new record).
const detail = (path: string, render: (id: string) => ReactNode): RouteEntry => ({
  path, render: (params) => <DetailKey key={params.id}>{render(params.id ?? '')}</DetailKey>,
});

function DetailKey({ children }: { children: ReactNode }): ReactNode {
  return children;
}

export const ROUTES: readonly RouteEntry[] = [
  { path: '/', render: () => <OverviewPage /> },
  { path: '/ui/records', render: () => <RecordsPage /> },
  detail('/ui/records/:id', (id) => <RecordDetailPage id={id} />),
  { path: '/ui/clusters', render: () => <ClustersPage /> },
  detail('/ui/clusters/:id', (id) => <ClusterDetailPage id={id} />),
  { path: '/ui/apps', render: () => <ApplicationsPage /> },
  detail('/ui/apps/:id', (id) => <ApplicationDetailPage id={id} />),
  { path: '/ui/triggers', render: () => <TriggersPage /> },
  detail('/ui/triggers/:id', (id) => <TriggerDetailPage id={id} />),
  { path: '/ui/image-triggers', render: () => <ImageTriggersPage /> },
  detail('/ui/image-triggers/:id', (id) => <ImageTriggerDetailPage id={id} />),
  { path: '/ui/trigger-logs', render: () => <TriggerLogsPage /> },
  { path: '/ui/registries', render: () => <RegistriesPage /> },
  { path: '/ui/tasks', render: () => <TasksPage /> },
  detail('/ui/tasks/:id', (id) => <TaskDetailPage id={id} />),
  { path: '/ui/hooks', render: () => <HooksPage /> },
  detail('/ui/hooks/:id', (id) => <HookDetailPage id={id} />),
  { path: '/ui/notifications', render: () => <NotificationsPage /> },
  detail('/ui/notifications/:id', (id) => <NotificationDetailPage id={id} />),
  { path: '/ui/audit', render: () => <AuditEventsPage /> },
];

/** `needs`: the permission without which the entry is left out (the page itself still shows the server's 403). */
export const NAVIGATION: readonly { readonly to: string; readonly label: string; readonly needs?: Permission }[] = [
  { to: '/', label: 'Overview' },
  { to: '/ui/records', label: 'Records' },
  { to: '/ui/clusters', label: 'Clusters' },
  { to: '/ui/apps', label: 'Applications' },
  { to: '/ui/tasks', label: 'Tasks' },
  { to: '/ui/triggers', label: 'Triggers' },
  { to: '/ui/image-triggers', label: 'Image triggers' },
  { to: '/ui/trigger-logs', label: 'Trigger log' },
  { to: '/ui/registries', label: 'Registries' },
  { to: '/ui/hooks', label: 'Hooks' },
  { to: '/ui/notifications', label: 'Notifications' },
  { to: '/ui/audit', label: 'Audit log', needs: 'admin' },
];
