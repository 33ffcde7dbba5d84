import { AppError } from '../../domain/errors.ts';
import type { ImageTrigger } from '../../domain/image-trigger.ts';
import type { AppDeps } from '../deps.ts';

/** The Tencent surfaces address triggers by name. Throws RESOURCE_NOT_FOUND (Tencent `ErrNoTrigger`). */
export async function findImageTriggerByName(deps: Pick<AppDeps, 'store'>, accountId: string, name: string): Promise<ImageTrigger> {
  const trigger = await deps.store.imageTriggers.getByName(accountId, name);
  if (!trigger) throw new AppError('RESOURCE_NOT_FOUND', `No trigger is named ${name}.`);
  return trigger;
}
