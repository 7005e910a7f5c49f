/** @file Answers the core's requests inside the inference process. */
import { inputSize } from '../shared/model-config';
import { AppFailure, fail, ok, type AppError } from '../shared/result';
import {
  toWorkerSchema,
  workerRequests,
  type FromWorker,
  type WorkerPayload,
  type WorkerRequestType,
  type WorkerValue,
} from '../shared/worker-protocol';
import { ClipModel, type ProviderChoice } from './clip-model';
import { eyeDistanceIn, FaceModels } from './faces/face-models';
import { runtimeInfo } from './runtime-info';
import { TextReader } from './text/text-reader';
import { injectImageFault } from './test-faults';

type Handlers = { [T in WorkerRequestType]: (payload: unknown) => Promise<WorkerValue<T>> };

/** Loaded models by folder: one promise each, so concurrent first requests share one load. */
const models = new Map<string, Promise<ClipModel>>();

/** The loaded model in `dir`; the provider and threads of the first load stay for its lifetime. */
function model(
  dir: string,
  provider: ProviderChoice = 'auto',
  threads?: number,
): Promise<ClipModel> {
  let loading = models.get(dir);
  if (!loading) {
    loading = ClipModel.load(dir, { choice: provider, ...(threads ? { threads } : {}) });
    models.set(dir, loading);
    // A failed load is not cached: the user may fix the files and try again.
    loading.catch(() => models.delete(dir));
  }
  return loading;
}

/** Loaded face models by folder, one promise each as for CLIP models. */
const faceModels = new Map<string, Promise<FaceModels>>();

function faceModelsIn(dir: string): Promise<FaceModels> {
  let loading = faceModels.get(dir);
  if (!loading) {
    loading = FaceModels.load(dir);
    faceModels.set(dir, loading);
    loading.catch(() => faceModels.delete(dir));
  }
  return loading;
}

/** Loaded text readers by models folder, one promise each as for CLIP models. */
const textReaders = new Map<string, Promise<TextReader>>();

function textReaderIn(dir: string): Promise<TextReader> {
  let loading = textReaders.get(dir);
  if (!loading) {
    loading = TextReader.load(dir);
    textReaders.set(dir, loading);
    loading.catch(() => textReaders.delete(dir));
  }
  return loading;
}

/** What a model runs on now (read after a run: it may have moved to the CPU). */
const providerOf = (m: ClipModel) => ({
  executionProvider: m.executionProvider.name,
  providerNote: m.executionProvider.note,
});

const handlers: Handlers = {
  ping: () => Promise.resolve(runtimeInfo()),
  loadModel: async (payload) => {
    const { dir, provider, threads } = payload as WorkerPayload<'loadModel'>;
    const m = await model(dir, provider, threads);
    return {
      dimension: m.dimension,
      contextLength: m.contextLength,
      preprocess: m.preprocess,
      executionProvider: m.executionProvider.name,
      providerNote: m.executionProvider.note,
      batchSizes: m.batchSizes,
      usesLanguageToken: m.tokenizer.usesLanguageToken,
    };
  },
  checkModel: async (payload) => {
    const { dir, fix } = payload as WorkerPayload<'checkModel'>;
    const m = await ClipModel.load(dir, { choice: 'cpu', threads: 1, fix });
    try {
      // A graph can pass its metadata and still fail to run (a wrong external-data file).
      const size = inputSize(m.preprocess);
      await m.embedImages(new Float32Array(3 * size * size), 1, size);
      await m.embedTexts(['a photo']);
      return { dimension: m.dimension, contextLength: m.contextLength, imageSize: size };
    } catch (error) {
      if (error instanceof AppFailure) throw error;
      throw new AppFailure(
        'invalid-argument',
        `The model in ${dir} loads but cannot run (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}). ${fix}`,
      );
    } finally {
      await m.dispose();
    }
  },
  embedTexts: async (payload) => {
    const { dir, texts, languages } = payload as WorkerPayload<'embedTexts'>;
    const m = await model(dir);
    return { vectors: await m.embedTexts(texts, languages), ...providerOf(m) };
  },
  embedImages: async (payload) => {
    const { dir, pixels, count, size } = payload as WorkerPayload<'embedImages'>;
    injectImageFault(pixels, count, size);
    const m = await model(dir);
    return { vectors: await m.embedImages(pixels, count, size), ...providerOf(m) };
  },
  faces: async (payload) => {
    const { dir, pixels, width, height, minScore, levels } = payload as WorkerPayload<'faces'>;
    const models = await faceModelsIn(dir);
    const options = { ...(minScore ? { minScore } : {}), ...(levels ? { maxLevels: levels } : {}) };
    return { faces: await models.faces({ data: pixels, width, height }, options) };
  },
  detectFaces: async (payload) => {
    const { dir, pixels, width, height, sourceLongSide, minScore, levels } =
      payload as WorkerPayload<'detectFaces'>;
    const models = await faceModelsIn(dir);
    const options = {
      ...(minScore ? { minScore } : {}),
      ...(levels ? { maxLevels: levels } : {}),
      ...(sourceLongSide ? { sourceLongSide } : {}),
    };
    return { faces: await models.detect({ data: pixels, width, height }, options) };
  },
  describeFaces: async (payload) => {
    const { dir, width, height, measuredAt, faces } = payload as WorkerPayload<'describeFaces'>;
    const models = await faceModelsIn(dir);
    // Keypoints in each region's pixels: the photo's, less the region's place in it.
    const described = await models.describeFaces(
      faces.map((face) => ({
        image: { data: face.pixels, width: face.width, height: face.height },
        keypoints: face.keypoints.map((v, i) =>
          i % 2 === 0 ? v * width - face.left : v * height - face.top,
        ),
        ...(measuredAt ? { eyeDistance: eyeDistanceIn(face.keypoints, measuredAt) } : {}),
      })),
    );
    return { faces: described };
  },
  lookForText: async (payload) => {
    const { dir, pixels, width, height } = payload as WorkerPayload<'lookForText'>;
    const reader = await textReaderIn(dir);
    return reader.look({ data: pixels, width, height });
  },
  readText: async (payload) => {
    const { dir, pixels, width, height, languages, languageDir } =
      payload as WorkerPayload<'readText'>;
    const reader = await textReaderIn(dir);
    const options = {
      ...(languages ? { languages } : {}),
      ...(languageDir ? { languageDir } : {}),
    };
    return { lines: await reader.read({ data: pixels, width, height }, options) };
  },
};

/** Validates one incoming message and produces the response to send back (or null for junk without an id). */
export async function handleMessage(raw: unknown): Promise<FromWorker | null> {
  const parsed = toWorkerSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return null;
    return {
      kind: 'response',
      id,
      result: fail('invalid-argument', 'Malformed request to the inference worker.'),
    };
  }
  const { id, type, payload } = parsed.data;
  const payloadCheck = workerRequests[type].payload.safeParse(payload);
  if (!payloadCheck.success) {
    return {
      kind: 'response',
      id,
      result: fail('invalid-argument', `Invalid payload for ${type}.`),
    };
  }
  try {
    const value = await handlers[type](payloadCheck.data);
    return { kind: 'response', id, result: ok(value) };
  } catch (error) {
    return { kind: 'response', id, result: { ok: false, error: toAppError(error) } };
  }
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
