/** @file The model contract check as the app runs it: a real inference worker answering `checkModel`. */
import { InferenceClient } from '../../src/main/inference/inference-client';
import { nodeWorkerLauncher } from '../../src/main/inference/worker-launcher';
import type { ContractCheck } from '../../src/main/models/model-manager';
import { builtPaths } from './test-core';

export interface ContractChecker {
  check: ContractCheck;
  dispose(): Promise<void>;
}

/** Starts a worker; `check` loads a folder in it and checks [Note: Real model contract]. */
export function startContractChecker(): ContractChecker {
  const inference = new InferenceClient({ launch: nodeWorkerLauncher(builtPaths.workerScript) });
  inference.start();
  return {
    check: async (dir, fix) => {
      await inference.whenReady();
      return inference.request('checkModel', { dir, fix });
    },
    dispose: () => inference.dispose(),
  };
}
