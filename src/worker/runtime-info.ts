/** @file What onnxruntime-node this worker has loaded and which execution providers it can use. */
import * as ort from 'onnxruntime-node';
import type { PingValue } from '../shared/worker-protocol';

/**
 * Reads the loaded onnxruntime's version and providers. A provider counts as available only
 * when its binaries ship in this install (`bundled`): on Linux x64 that is cpu and webgpu;
 * cuda/tensorrt are listed by onnxruntime but need the separately downloaded libraries.
 */
export function runtimeInfo(): PingValue {
  const backends = ort.listSupportedBackends();
  return {
    pid: process.pid,
    onnxruntimeVersion: ort.env.versions.node ?? ort.env.versions.common,
    executionProviders: backends.filter((b) => b.bundled).map((b) => b.name),
    missingExecutionProviders: backends.filter((b) => !b.bundled).map((b) => b.name),
  };
}
