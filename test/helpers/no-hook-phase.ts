import type { HookPhaseRunner } from '../../src/app/records/hook-phase.ts';

/** A hook phase that runs nothing: for tests of the record runner on its own (src/app/hooks/ is the real one). */
export const noHookPhase: HookPhaseRunner = async () => ({ runs: 0, failed: 0, hardFailure: null });
