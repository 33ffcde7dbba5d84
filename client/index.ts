// The public surface of the typed client, for the CLI and the web UI.
export { CapstanClient, type CapstanClientOptions } from './capstan-client.ts';
export { CapstanApiError } from './capstan-api-error.ts';
export { CapstanConnectionError } from './capstan-connection-error.ts';
export { allItems, paginate } from './paginate.ts';
export * from './types.ts';
