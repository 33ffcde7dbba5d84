import type { HttpDeps, Server } from '../http-deps.ts';
import { registryEventRoutes } from './registry-events.ts';
import { registryReceiverRoutes } from './registry-receivers.ts';
import { watchedRepositoryRoutes } from './watched-repositories.ts';

/** Registry push ingestion: receivers, the public delivery route and the event list, watched repositories. */
export function registryRoutes(server: Server, deps: HttpDeps): void {
  registryReceiverRoutes(server, deps);
  registryEventRoutes(server, deps);
  watchedRepositoryRoutes(server, deps);
}
