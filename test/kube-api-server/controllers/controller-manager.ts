// Runs every controller once per step (rolloutStepMs), in a fixed order: garbage collector, kubelet,
// ReplicaSets, Deployments, StatefulSets, DaemonSets, storage. A step is synchronous, so no API request
// interleaves with it. The manager is idle after a step that wrote nothing and timed nothing; settle() waits
// for that.
import type { ObjectStore } from '../store.ts';
import type { Controller, ControllerContext, ControllerOptions } from './context.ts';
import { daemonSetController } from './daemonset.ts';
import { createDeploymentController } from './deployment.ts';
import { garbageCollector } from './garbage-collector.ts';
import { kubelet } from './kubelet.ts';
import { replicaSetController } from './replicaset.ts';
import { statefulSetController } from './statefulset.ts';
import { storageController } from './storage.ts';

export class ControllerManager {
  #store: ObjectStore;
  #options: ControllerOptions;
  #controllers: Controller[];
  #timer: NodeJS.Timeout | undefined;
  #idle = false;
  #waiters: (() => void)[] = [];
  #lastError: unknown;

  constructor(store: ObjectStore, options: ControllerOptions, stepMs: number) {
    this.#store = store;
    this.#options = options;
    this.#controllers = [garbageCollector, kubelet, replicaSetController, createDeploymentController(), statefulSetController, daemonSetController, storageController];
    this.#timer = setInterval(() => this.step(), stepMs);
  }

  step(): void {
    const before = this.#store.revision;
    const ctx: ControllerContext = { store: this.#store, options: this.#options, now: Date.now(), waiting: false };
    try {
      for (const controller of this.#controllers) controller(ctx);
    } catch (error) {
      this.#lastError = error; // surfaced by settle(); a broken controller must not kill the test process
    }
    this.#idle = !ctx.waiting && this.#store.revision === before;
    if (this.#idle) for (const resolve of this.#waiters.splice(0)) resolve();
  }

  /** Resolves after the next idle step; rejects after timeoutMs or if a controller threw. */
  settle(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kube-api-server: controllers still busy after ${timeoutMs} ms`)), timeoutMs);
      this.#idle = false;
      this.#waiters.push(() => {
        clearTimeout(timer);
        if (this.#lastError) reject(this.#lastError as Error);
        else resolve();
      });
    });
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
