/** @file The inference worker's status as every host and the UI see it. */
import { z } from 'zod';

export const workerStateSchema = z.enum(['starting', 'ready', 'restarting', 'stopped']);
export type WorkerState = z.infer<typeof workerStateSchema>;

export const workerStatusSchema = z.object({
  state: workerStateSchema,
  /** OS process id of the running worker, when there is one. */
  pid: z.number().int().nullable(),
  /** onnxruntime-node version the worker loaded, once it has answered a ping. */
  onnxruntimeVersion: z.string().nullable(),
  /** Execution providers whose binaries ship with this install (e.g. `cpu`, `webgpu`). */
  executionProviders: z.array(z.string()),
  /** How many times the worker crashed and was restarted since the app started. */
  restarts: z.number().int().nonnegative(),
  /** The last crash, in plain words, if any. */
  lastError: z.string().nullable(),
  /** When this status began (ms since epoch); lets a client keep the newest of two snapshots. */
  changedAt: z.number(),
});
export type WorkerStatus = z.infer<typeof workerStatusSchema>;
