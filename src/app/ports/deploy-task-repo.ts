import type { DeployTask } from '../../domain/deploy-task.ts';
import type { Page, PageQuery } from './store.ts';

export interface DeployTaskListQuery extends PageQuery {
  readonly projectId?: string;
}

/** Deploy tasks (domain/deploy-task.ts). Names are unique per account and project. */
export interface DeployTaskRepo {
  /** Throws NAME_TAKEN when the project already has a task of that name, ID_TAKEN on a duplicate id. */
  insert(task: DeployTask): Promise<void>;
  /** Replaces every field but id, account and createdAt. Throws RESOURCE_NOT_FOUND, or NAME_TAKEN. */
  update(task: DeployTask): Promise<void>;
  get(accountId: string, id: string): Promise<DeployTask | null>;
  /** Newest first, keyset-paged (native API). */
  list(accountId: string, query: DeployTaskListQuery): Promise<Page<DeployTask>>;
  /**
   * Newest first, one page by position, with the total (CodeArts `page`/`size`/`total_num`). `offset` counts rows
   * to skip; cheap for the page sizes CodeArts allows (≤ 100) over one project's tasks.
   */
  listByPosition(
    accountId: string,
    query: { readonly projectId: string; readonly offset: number; readonly limit: number },
  ): Promise<{ readonly items: DeployTask[]; readonly total: number }>;
  delete(accountId: string, id: string): Promise<boolean>;
}
