import type { DeployRecord, StepProgress, WorkloadProgress } from '../../domain/deploy-record.ts';
import type { AppDeps } from '../deps.ts';

/** Rollout progress is written at most this often per record; step transitions are written at once. */
export const PROGRESS_WRITE_MS = 1_000;

/**
 * The running record's step progress, kept in memory and written to the store: step transitions at once,
 * per-workload rollout progress at most once a second (a trailing write keeps the last state). Writes are
 * serialized and guarded by `expect: running`, so nothing is written to a record someone else finished.
 * Every write also re-reads the record's stop flag, so a stop asked for during a long rollout is seen within a
 * second (`onStopRequested`).
 */
export class RecordProgress {
  readonly #deps: Pick<AppDeps, 'store' | 'clock'>;
  readonly #record: DeployRecord;
  readonly #steps: StepProgress[];
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #lastWriteAt = 0;
  #stopRequested: boolean;
  #stopListeners: (() => void)[] = [];
  #notRunning = false;

  constructor(deps: Pick<AppDeps, 'store' | 'clock'>, record: DeployRecord) {
    this.#deps = deps;
    this.#record = record;
    this.#steps = record.steps.map((s) => ({ ...s, workloads: [...s.workloads] }));
    this.#stopRequested = record.stopRequested;
  }

  get steps(): readonly StepProgress[] {
    return this.#steps;
  }

  step(index: number): StepProgress {
    const step = this.#steps[index];
    if (!step) throw new RangeError(`record ${this.#record.id} has no step ${index}`);
    return step;
  }

  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  /** True once a write found the record no longer running (another actor finished it). */
  get notRunning(): boolean {
    return this.#notRunning;
  }

  onStopRequested(listener: () => void): void {
    if (this.#stopRequested) listener();
    else this.#stopListeners.push(listener);
  }

  /** A step transition (state, times, message): written before this resolves. */
  async setStep(index: number, change: Partial<Pick<StepProgress, 'state' | 'startedAt' | 'finishedAt' | 'message'>>): Promise<void> {
    this.#steps[index] = { ...this.step(index), ...change };
    await this.#write();
  }

  /**
   * Progress of one workload of a step (matched by cluster and workload); written within a second. A warning, once
   * reported, stays with the workload through later progress that does not carry one.
   */
  workload(index: number, progress: WorkloadProgress): void {
    const step = this.step(index);
    const same = (w: WorkloadProgress) => w.clusterId === progress.clusterId && w.workload.namespace === progress.workload.namespace
      && w.workload.kind === progress.workload.kind && w.workload.name === progress.workload.name;
    const at = step.workloads.findIndex(same);
    const warning = progress.warning ?? step.workloads[at]?.warning;
    const next = warning === undefined ? progress : { ...progress, warning };
    const workloads = at < 0 ? [...step.workloads, next] : step.workloads.map((w, i) => (i === at ? next : w));
    this.#steps[index] = { ...step, workloads };
    this.#schedule();
  }

  /** Writes what is pending and stops the timer. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) await this.#write();
    await this.#chain;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastWriteAt + PROGRESS_WRITE_MS - Date.now());
    // A failed background write is not lost: the next step transition writes the same steps and surfaces the error.
    this.#timer = setTimeout(() => void this.#write().catch(() => {}), wait);
  }

  #write(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const run = this.#chain.then(() => this.#persist());
    this.#chain = run.catch(() => {});
    return run;
  }

  async #persist(): Promise<void> {
    this.#lastWriteAt = Date.now();
    const { store, clock } = this.#deps;
    const { accountId, id } = this.#record;
    const wrote = await store.records.update(accountId, id, { steps: this.#steps, updatedAt: clock.now() }, ['running']);
    if (!wrote) this.#notRunning = true;
    if (this.#stopRequested) return;
    const fresh = await store.records.get(accountId, id);
    if (fresh?.stopRequested) {
      this.#stopRequested = true;
      for (const listener of this.#stopListeners.splice(0)) listener();
    }
  }
}
