/**
 * [Note: Accelerator fallback] with a stand-in GPU (this machine has none): a provider that
 * fails while running is replaced by the CPU and the run repeated, and on macOS the text
 * tower stays on the CPU unless the accelerator agrees with it on a probe text.
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ClipModel } from './clip-model';
import type { CreateSession } from './model-sessions';

const testTiny = path.resolve(import.meta.dirname, '../../models/test-tiny');

/**
 * Sessions asked for a GPU provider are real CPU sessions whose `run` behaves as `gpuRun`
 * says (a GPU that runs out of memory, or computes something else); CPU sessions are plain.
 */
function standInGpu(
  gpuRun: (
    real: ort.InferenceSession,
    feeds: ort.InferenceSession.FeedsType,
  ) => Promise<ort.InferenceSession.ReturnType>,
): {
  create: CreateSession;
  gpuRuns: () => number;
} {
  let runs = 0;
  const create: CreateSession = async (file, options) => {
    const onGpu = options.executionProviders?.[0] !== 'cpu';
    const real = await ort.InferenceSession.create(file, {
      ...options,
      executionProviders: ['cpu'],
    });
    if (!onGpu) return real;
    return new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'run')
          return (feeds: ort.InferenceSession.FeedsType) => {
            runs++;
            return gpuRun(target, feeds);
          };
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function'
          ? (value as (...a: unknown[]) => unknown).bind(target)
          : value;
      },
    });
  };
  return { create, gpuRuns: () => runs };
}

const outOfMemory = () =>
  Promise.reject(new Error('webgpu: failed to allocate a buffer of 1073741824 bytes'));

describe('an accelerator that fails while running', () => {
  it('moves that tower to the CPU, repeats the run and says why in status', async () => {
    const gpu = standInGpu(outOfMemory);
    const model = await ClipModel.load(testTiny, {
      choice: 'webgpu',
      createSession: gpu.create,
      platform: 'linux',
    });
    expect(model.executionProvider).toEqual({ name: 'webgpu', note: null });
    const size = 64;
    const red = new Float32Array(3 * size * size);
    red.fill(0.7, 0, size * size); // R high, G and B low (normalised)
    red.fill(-0.8, size * size);
    const [image] = await model.embedImages(red, 1, size);
    expect(image?.length).toBe(11);
    expect(model.executionProvider.name).toBe('cpu');
    expect(model.executionProvider.note).toMatch(
      /webgpu failed while running the visual tower \(webgpu: failed to allocate.*\); using the CPU/,
    );
    // The text tower fails on its own first run, and moves too; results are the CPU's.
    const [rot] = await model.embedTexts(['rot']);
    const reference = await ClipModel.load(testTiny, { choice: 'cpu' });
    const [expected] = await reference.embedTexts(['rot']);
    expect([...(rot ?? [])]).toEqual([...(expected ?? [])]);
    expect(model.executionProvider.note).toMatch(/textual tower/);
    const before = gpu.gpuRuns();
    await model.embedTexts(['blau']);
    expect(gpu.gpuRuns()).toBe(before); // never back to the failing provider
    await Promise.all([model.dispose(), reference.dispose()]);
  });
});

describe('the text tower on macOS', () => {
  it('stays on the CPU when CoreML does not agree with it on a probe text', async () => {
    const wrong = standInGpu(async (real, feeds) => {
      const out = await real.run(feeds);
      const [name] = Object.keys(out);
      const value = name ? out[name] : undefined;
      if (!name || !value) return out;
      const data = Float32Array.from(value.data as Float32Array, (v, i) => (i === 0 ? v + 1 : v));
      return { [name]: new ort.Tensor('float32', data, value.dims) };
    });
    const model = await ClipModel.load(testTiny, {
      choice: 'coreml',
      createSession: wrong.create,
      platform: 'darwin',
    });
    expect(model.executionProvider.name).toBe('coreml'); // images still run on the accelerator
    expect(model.executionProvider.note).toMatch(
      /text tower on the CPU: coreml did not match the CPU/,
    );
    await model.dispose();
  });

  it('uses CoreML for text when the probe agrees', async () => {
    const right = standInGpu((real, feeds) => real.run(feeds));
    const model = await ClipModel.load(testTiny, {
      choice: 'coreml',
      createSession: right.create,
      platform: 'darwin',
    });
    expect(model.executionProvider).toEqual({ name: 'coreml', note: null });
    await model.dispose();
  });
});
