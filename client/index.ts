// The public surface of the typed client, for the CLI and the web UI.
export { CapstanClient, type CapstanClientOptions } from './capstan-client.ts';
export { CapstanApiError } from './capstan-api-error.ts';
export { CapstanConnectionError } from './capstan-connection-error.ts';
export { allItems, paginate } from './paginate.ts';
export * from './types.ts';
export * from './deploy-records.ts';
export * from './registry.ts';
export * from './image-triggers.ts';
export * from './deploy-tasks.ts';
export * from './hooks.ts';
export * from './hook-overrides.ts';
export * from './triggers.ts';
export * from './access-keys.ts';
export * from './image-trigger-quarantine.ts';
export * from './cluster-permissions.ts';
export * from './audit-events.ts';
export * from './notifications.ts';
export type { ApiTransport, HttpMethod, RawResponse } from './transport.ts';
