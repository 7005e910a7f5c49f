/**
 * @file A CLIP-layout model loaded in the inference process: its two onnxruntime sessions,
 * its tokenizer (Hugging Face tokenizers.js on textual/tokenizer.json) and its configs.
 * Sessions are created once per model folder (one promise each).
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import {
  modelConfigSchema,
  preprocessConfigSchema,
  tokenizerConfigSchema,
  type PreprocessConfig,
} from '../shared/model-config';
import { AppFailure } from '../shared/result';

/** tokenizer.json: what we check before handing it to the tokenizer library. */
const tokenizerFileSchema = z.looseObject({ model: z.looseObject({ type: z.string() }) });

// Warnings (telemetry, provider probing) are not the user's business; errors still reach the log.
ort.env.logLevel = 'error';

const fixHint = (dir: string) =>
  `Run "fotoglot models verify" for the model in ${dir}, or install it again with "fotoglot models install".`;

async function readJson<T extends z.ZodType>(
  dir: string,
  file: string,
  schema: T,
): Promise<z.infer<T>> {
  let text: string;
  try {
    text = await readFile(path.join(dir, file), 'utf8');
  } catch {
    throw new AppFailure('not-found', `The model file ${file} is missing. ${fixHint(dir)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppFailure(
      'invalid-argument',
      `The model file ${file} is damaged (not valid JSON). ${fixHint(dir)}`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppFailure(
      'invalid-argument',
      `The model file ${file} is not what Fotoglot expects (${parsed.error.issues[0]?.message ?? 'invalid'}). ${fixHint(dir)}`,
    );
  }
  return parsed.data;
}

export type ProviderChoice = 'auto' | 'cpu' | 'webgpu' | 'cuda' | 'dml' | 'coreml';

/** Linux exposes GPUs as render nodes; without one, probing webgpu only prints driver noise. */
function hasGpuRenderNode(): boolean {
  try {
    return readdirSync('/dev/dri').some((name) => name.startsWith('renderD'));
  } catch {
    return false;
  }
}

/**
 * Providers to try, best first — for `auto`, the accelerated ones this install ships (cpu
 * last) — and the ones left out with the reason.
 */
export function providerCandidates(
  choice: ProviderChoice,
  platform: NodeJS.Platform = process.platform,
): { candidates: string[]; skipped: string[] } {
  if (choice !== 'auto')
    return { candidates: choice === 'cpu' ? ['cpu'] : [choice, 'cpu'], skipped: [] };
  const preferred =
    platform === 'win32'
      ? ['dml', 'cuda', 'webgpu']
      : platform === 'darwin'
        ? ['coreml', 'webgpu']
        : ['cuda', 'webgpu'];
  const shipped = new Set(
    ort
      .listSupportedBackends()
      .filter((b) => b.bundled)
      .map((b) => b.name),
  );
  const skipped: string[] = [];
  const candidates = preferred.filter((p) => {
    if (!shipped.has(p)) return false;
    if (p === 'webgpu' && platform === 'linux' && !hasGpuRenderNode()) {
      skipped.push('webgpu skipped: no GPU found (no /dev/dri render node)');
      return false;
    }
    return true;
  });
  return { candidates: [...candidates, 'cpu'], skipped };
}

/** The readable part of an onnxruntime error: its first line without source locations and assertion text. */
const firstLine = (error: unknown) => {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const afterAssertion = line.split(/ was false\. /).at(-1) ?? line;
  return afterAssertion.replace(/^\S*onnxruntime\S*:\d+ /, '').slice(0, 300);
};

interface Sessions {
  textual: ort.InferenceSession;
  visual: ort.InferenceSession;
  provider: string;
  note: string | null;
}

/**
 * Opens both sessions with the first provider that works. Any failure of an accelerated
 * provider falls back to the next (cpu last), and the reason is kept for status.
 */
async function openSessions(
  dir: string,
  choice: ProviderChoice,
  threads: number,
): Promise<Sessions> {
  const { candidates, skipped } = providerCandidates(choice);
  for (const provider of candidates) {
    const options = (intraOpNumThreads: number): ort.InferenceSession.SessionOptions => ({
      executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
      intraOpNumThreads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    // A text query is short and someone is waiting for it: it may use every core. Images
    // are the long background job, which leaves one core for the UI (`threads`).
    const textThreads = Math.max(threads, os.availableParallelism());
    const opened: ort.InferenceSession[] = [];
    try {
      for (const [file, n] of [
        ['textual/model.onnx', textThreads],
        ['visual/model.onnx', threads],
      ] as const) {
        try {
          opened.push(await ort.InferenceSession.create(path.join(dir, file), options(n)));
        } catch (error) {
          if (provider !== 'cpu') throw error;
          throw new AppFailure(
            'invalid-argument',
            `The model file ${file} cannot be loaded (${firstLine(error)}). ${fixHint(dir)}`,
          );
        }
      }
      const [textual, visual] = opened as [ort.InferenceSession, ort.InferenceSession];
      return { textual, visual, provider, note: skipped.length > 0 ? skipped.join('; ') : null };
    } catch (error) {
      await Promise.all(opened.map((s) => s.release()));
      if (error instanceof AppFailure) throw error;
      skipped.push(`${provider} unavailable: ${firstLine(error)}`);
    }
  }
  throw new AppFailure('unavailable', `No execution provider could run the model in ${dir}.`);
}

/** Scales a vector to unit length in place (zero vectors stay zero). */
export function l2Normalize(vector: Float32Array<ArrayBuffer>): Float32Array<ArrayBuffer> {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

export class ClipModel {
  private constructor(
    readonly dir: string,
    readonly dimension: number,
    readonly contextLength: number,
    readonly preprocess: PreprocessConfig,
    private readonly tokenizer: Tokenizer,
    private readonly padId: number,
    private readonly sessions: Sessions,
  ) {}

  /** The execution provider the sessions run on, and why faster ones were skipped. */
  get executionProvider(): { name: string; note: string | null } {
    return { name: this.sessions.provider, note: this.sessions.note };
  }

  private get textual(): ort.InferenceSession {
    return this.sessions.textual;
  }

  private get visual(): ort.InferenceSession {
    return this.sessions.visual;
  }

  static async load(
    dir: string,
    choice: ProviderChoice = 'auto',
    threads = Math.max(1, os.availableParallelism() - 1),
  ): Promise<ClipModel> {
    const config = await readJson(dir, 'config.json', modelConfigSchema);
    const preprocess = await readJson(dir, 'visual/preprocess_cfg.json', preprocessConfigSchema);
    const tokenizerConfig = await readJson(
      dir,
      'textual/tokenizer_config.json',
      tokenizerConfigSchema,
    );
    const tokenizerJson = await readJson(dir, 'textual/tokenizer.json', tokenizerFileSchema);
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (error) {
      throw new AppFailure(
        'invalid-argument',
        `The model file textual/tokenizer.json cannot be used (${error instanceof Error ? error.message : String(error)}). ${fixHint(dir)}`,
      );
    }
    const padToken =
      typeof tokenizerConfig.pad_token === 'string'
        ? tokenizerConfig.pad_token
        : tokenizerConfig.pad_token.content;
    const padId = tokenizer.token_to_id(padToken);
    if (padId === undefined) {
      throw new AppFailure(
        'invalid-argument',
        `The pad token "${padToken}" of textual/tokenizer_config.json is not in the vocabulary. ${fixHint(dir)}`,
      );
    }
    const sessions = await openSessions(dir, choice, threads);
    return new ClipModel(
      dir,
      config.embed_dim,
      config.text_cfg.context_length,
      preprocess,
      tokenizer,
      padId,
      sessions,
    );
  }

  /** Token ids of `text`, truncated and padded to the model's context length (see Immich's textual encoder). */
  tokenize(text: string): Int32Array {
    const ids = new Int32Array(this.contextLength).fill(this.padId);
    const encoded = this.tokenizer.encode(text.normalize('NFC')).ids;
    for (let i = 0; i < Math.min(encoded.length, this.contextLength); i++)
      ids[i] = encoded[i] ?? this.padId;
    return ids;
  }

  /** Unit-length text embeddings, one per text, in one batch. */
  async embedTexts(texts: readonly string[]): Promise<Float32Array<ArrayBuffer>[]> {
    const batch = new Int32Array(texts.length * this.contextLength);
    texts.forEach((text, i) => {
      batch.set(this.tokenize(text), i * this.contextLength);
    });
    const inputName = this.textual.inputNames[0] ?? 'text';
    const output = await this.textual.run({
      [inputName]: new ort.Tensor('int32', batch, [texts.length, this.contextLength]),
    });
    return this.#split(output, texts.length);
  }

  /** Unit-length image embeddings for `count` preprocessed images packed as [count, 3, S, S]. */
  async embedImages(
    pixels: Float32Array,
    count: number,
    size: number,
  ): Promise<Float32Array<ArrayBuffer>[]> {
    const inputName = this.visual.inputNames[0] ?? 'image';
    const output = await this.visual.run({
      [inputName]: new ort.Tensor('float32', pixels, [count, 3, size, size]),
    });
    return this.#split(output, count);
  }

  #split(
    output: ort.InferenceSession.OnnxValueMapType,
    count: number,
  ): Float32Array<ArrayBuffer>[] {
    const first = Object.values(output)[0];
    if (!first) throw new AppFailure('internal', `The model in ${this.dir} produced no output.`);
    const data = first.data as Float32Array<ArrayBuffer>;
    const dim = data.length / count;
    if (dim !== this.dimension) {
      throw new AppFailure(
        'invalid-argument',
        `The model in ${this.dir} produced ${String(dim)}-dimensional vectors; config.json says ${String(this.dimension)}.`,
      );
    }
    return Array.from({ length: count }, (_, i) => l2Normalize(data.slice(i * dim, (i + 1) * dim)));
  }

  async dispose(): Promise<void> {
    await Promise.all([this.textual.release(), this.visual.release()]);
  }
}
