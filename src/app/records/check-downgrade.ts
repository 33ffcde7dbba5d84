import { downgradeRefusal } from '../../domain/downgrade-guard.ts';
import { containerImageIn } from '../../domain/image-quarantine.ts';
import { sameWorkload, type StepRun, type TargetWorkload } from './step-run.ts';

/**
 * The no-downgrade guard of a `set-image` step marked `unlessDowngrade` (domain/downgrade-guard.ts), for one
 * workload: reads the live pod template and returns the message to settle with when `image` would be a downgrade
 * of the container's running image, else null (write as usual).
 *
 * A workload this step already wrote in an earlier attempt (a change it stored) is never refused: refusing now
 * would report "not deployed" for a deployed image (a write that landed unrecorded left the new image running,
 * which compares equal, so it is not refused either). The
 * check and the write are separate reads; Capstan's own writes to one workload are serialized (rule Q3), so only
 * a write from outside Capstan can slip in between, as with any read-then-write here.
 */
export async function checkDowngrade(run: StepRun, target: TargetWorkload, container: string, image: string): Promise<string | null> {
  if (run.changes.some((c) => c.stepIndex === run.index && sameWorkload(c, target.clusterId, target.ref))) return null;
  const gateway = await run.gateways.get(target.clusterId);
  const { template } = await gateway.captureTemplate(target.ref);
  return downgradeRefusal(containerImageIn(template, container), image);
}
