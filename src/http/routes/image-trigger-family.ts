import type { HttpDeps, Server } from '../http-deps.ts';
import { ccrSurface } from '../surfaces/ccr/ccr-surface.ts';
import { imageTriggerQuarantineRoutes } from './image-trigger-quarantine.ts';
import { imageTriggerRoutes } from './image-triggers.ts';
import { triggerLogRoutes } from './trigger-logs.ts';

/** Everything of the image-trigger family: the native API and the Tencent CCR 2.0 / TCR 3.0 surfaces. */
export function imageTriggerFamily(server: Server, deps: HttpDeps): void {
  imageTriggerRoutes(server, deps);
  imageTriggerQuarantineRoutes(server, deps);
  triggerLogRoutes(server, deps);
  ccrSurface(server, deps);
}
