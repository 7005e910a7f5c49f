/**
 * @file A CLIP-layout model loaded in the inference process: its configs, its tokenizer and
 * its two sessions, checked against [Note: Real model contract] at load and run in batches
 * each graph accepts. Sessions are created once per model folder (one promise each).
 */
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import {
  inputSize,
  modelConfigSchema,
  preprocessConfigSchema,
  tokenizerConfigSchema,
  type PreprocessConfig,
} from '../shared/model-config';
import { AppFailure } from '../shared/result';
import { cosine, normalise } from '../shared/vector-math';
import { chunks, textualContract, visualContract, type TowerContract } from './model-contract';
import {
  ModelSessions,
  type CreateSession,
  type ProviderChoice,
  type TextProbe,
} from './model-sessions';
import { textCleaningOf } from './text-cleaning';
import { TextTokenizer } from './text-tokenizer';
import { readModelJson } from './model-files';

export { providerCandidates, type ProviderChoice } from './model-sessions';

const defaultFix = (dir: string) =>
  `Run "fotoglot models verify" for the model in ${dir}, or install it again with "fotoglot models install".`;

export interface LoadOptions {
  choice?: ProviderChoice;
  threads?: number;
  /** What the user should do when the folder is unusable (differs for imports). */
  fix?: string;
  platform?: NodeJS.Platform;
  /** Creates sessions (tests stand in a GPU). */
  createSession?: CreateSession;
}

export class ClipModel {
  private constructor(
    readonly dir: string,
    readonly dimension: number,
    readonly contextLength: number,
    readonly preprocess: PreprocessConfig,
    readonly tokenizer: TextTokenizer,
    private readonly sessions: ModelSessions,
    private readonly visual: TowerContract,
    private readonly textual: TowerContract,
  ) {}

  /** The execution provider the image tower runs on, and why faster ones are not used. */
  get executionProvider(): { name: string; note: string | null } {
    return this.sessions.provider;
  }

  /** The largest batch each graph accepts per run (null: any). */
  get batchSizes(): { visual: number | null; textual: number | null } {
    return { visual: this.visual.batch, textual: this.textual.batch };
  }

  static async load(dir: string, options: LoadOptions = {}): Promise<ClipModel> {
    const fix = options.fix ?? defaultFix(dir);
    const config = await readModelJson(dir, 'config.json', modelConfigSchema, fix);
    const preprocess = await readModelJson(
      dir,
      'visual/preprocess_cfg.json',
      preprocessConfigSchema,
      fix,
    );
    const tokenizerConfig = await readModelJson(
      dir,
      'textual/tokenizer_config.json',
      tokenizerConfigSchema,
      fix,
    );
    let cleaning;
    try {
      cleaning = textCleaningOf(config);
    } catch (error) {
      throw new AppFailure(
        'invalid-argument',
        `The model file config.json ${error instanceof Error ? error.message : String(error)}. ${fix}`,
      );
    }
    const padToken =
      typeof tokenizerConfig.pad_token === 'string'
        ? tokenizerConfig.pad_token
        : tokenizerConfig.pad_token.content;
    const contextLength = config.text_cfg.context_length;
    const tokenizer = await TextTokenizer.load(dir, { contextLength, padToken, cleaning }, fix);
    const expected = {
      imageSize: inputSize(preprocess),
      contextLength,
      dimension: config.embed_dim,
    };
    const probe: TextProbe = async (accelerated, cpu) => {
      const contract = textualContract(cpu, expected, fix);
      const encoded = await tokenizer.encode('a photo of a dog on the beach');
      const feeds = textFeeds(contract, [encoded], contextLength);
      const [a, b] = [await accelerated.run(feeds), await cpu.run(feeds)];
      const va = a[contract.output]?.data as Float32Array | undefined;
      const vb = b[contract.output]?.data as Float32Array | undefined;
      return va !== undefined && vb !== undefined && cosine(va, vb) > 0.999;
    };
    const sessions = await ModelSessions.open({
      dir,
      choice: options.choice ?? 'auto',
      threads: options.threads ?? Math.max(1, os.availableParallelism() - 1),
      fix,
      textProbe: probe,
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.createSession ? { createSession: options.createSession } : {}),
    });
    try {
      const visual = visualContract(sessions.session('visual'), expected, fix);
      const textual = textualContract(sessions.session('textual'), expected, fix);
      return new ClipModel(
        dir,
        config.embed_dim,
        contextLength,
        preprocess,
        tokenizer,
        sessions,
        visual,
        textual,
      );
    } catch (error) {
      await sessions.dispose();
      throw error;
    }
  }

  /** Token ids of `text` as the text tower gets them (tests and checks). */
  async tokenize(text: string, language?: string | null): Promise<number[]> {
    return (await this.tokenizer.encode(text, language)).ids;
  }

  /**
   * Unit-length text embeddings, one per text, in runs the graph accepts. `languages[i]` is
   * text i's language (ISO 639-1), used by towers that read it (NLLB).
   */
  async embedTexts(
    texts: readonly string[],
    languages: readonly (string | null)[] = [],
  ): Promise<Float32Array<ArrayBuffer>[]> {
    const encoded = await Promise.all(
      texts.map((t, i) => this.tokenizer.encode(t, languages[i] ?? null)),
    );
    const vectors: Float32Array<ArrayBuffer>[] = [];
    for (const { start, size } of chunks(texts.length, this.textual.batch)) {
      const feeds = textFeeds(this.textual, encoded.slice(start, start + size), this.contextLength);
      vectors.push(...this.#split(await this.sessions.run('textual', feeds), this.textual, size));
    }
    return vectors;
  }

  /** Unit-length image embeddings for `count` preprocessed images packed as [count, 3, S, S]. */
  async embedImages(
    pixels: Float32Array,
    count: number,
    size: number,
  ): Promise<Float32Array<ArrayBuffer>[]> {
    const per = 3 * size * size;
    const vectors: Float32Array<ArrayBuffer>[] = [];
    for (const chunk of chunks(count, this.visual.batch)) {
      const data = pixels.subarray(chunk.start * per, (chunk.start + chunk.size) * per);
      const feeds = {
        [this.visual.inputs[0] ?? 'image']: new ort.Tensor('float32', data, [
          chunk.size,
          3,
          size,
          size,
        ]),
      };
      vectors.push(
        ...this.#split(await this.sessions.run('visual', feeds), this.visual, chunk.size),
      );
    }
    return vectors;
  }

  #split(
    output: ort.InferenceSession.OnnxValueMapType,
    tower: TowerContract,
    count: number,
  ): Float32Array<ArrayBuffer>[] {
    const value = output[tower.output];
    if (!value)
      throw new AppFailure('internal', `The model in ${this.dir} produced no ${tower.output}.`);
    const data = value.data as Float32Array<ArrayBuffer>;
    const dim = data.length / count;
    if (dim !== this.dimension) {
      throw new AppFailure(
        'invalid-argument',
        `The model in ${this.dir} produced ${String(dim)}-dimensional vectors; config.json says ${String(this.dimension)}.`,
      );
    }
    return Array.from({ length: count }, (_, i) => normalise(data.slice(i * dim, (i + 1) * dim)));
  }

  async dispose(): Promise<void> {
    await this.sessions.dispose();
  }
}

/** The text tower's feeds for encoded texts: ids, and the attention mask when it takes one. */
function textFeeds(
  tower: TowerContract,
  encoded: readonly { ids: number[]; mask: number[] }[],
  contextLength: number,
): Record<string, ort.Tensor> {
  const dims = [encoded.length, contextLength];
  const tensor = (pick: (e: { ids: number[]; mask: number[] }) => number[]) => {
    const flat = encoded.flatMap(pick);
    return tower.idType === 'int64'
      ? new ort.Tensor('int64', BigInt64Array.from(flat, BigInt), dims)
      : new ort.Tensor('int32', Int32Array.from(flat), dims);
  };
  const [ids = 'text', mask] = tower.inputs;
  return mask
    ? { [ids]: tensor((e) => e.ids), [mask]: tensor((e) => e.mask) }
    : { [ids]: tensor((e) => e.ids) };
}
