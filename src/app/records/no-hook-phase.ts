import type { HookPhaseRunner } from './hook-phase.ts';

/**
 * The hook phase when no execution-hook runner is wired (src/app/hooks/ plugs its own into the `deploy.run`
 * handler): no hook runs, nothing fails.
 */
export const noHookPhase: HookPhaseRunner = async () => ({ runs: 0, failed: 0, hardFailure: null });
