/**
 * @file Runs a model's self-test through the real embedding path and keeps the last result
 * per model.
 *
 * [Note: Model self-test]
 * No real weights reach our CI, so a model's quality is proven where its weights are: after
 * every install or import (models-handlers.ts), and on demand (`fotoglot models test`, Settings'
 * "Test this model"), the model is shown four photos (astronaut, cat, coffee, rocket; shipped
 * in models/self-test/) and, in each of the 10 UI languages, eight labels: the four subjects
 * and four distractors (dog, car, tree, pizza). A language passes when the label ranked first
 * is the photo's own for all four photos: four clearly different subjects against plain
 * distractors are easy for any working CLIP model, so a miss means the model does not read
 * that language (ViT-B-32 OpenAI in Arabic) or the pipeline feeding it is broken.
 * test-tiny only knows colours: its catalog entry says `selfTest: "colours"`, and it gets four
 * generated colour photos and colour words instead (self-test-kits.ts).
 * The photos go the way library photos go (decodeImage, renderModelInput, modelInputToTensor,
 * embedImages in the inference process) and the labels the way queries go (embedTexts with
 * their language, for NLLB), so wrong pixels or wrong tokens fail it loudly. A model that
 * fails in the user's language is flagged in Settings, in the status bar and in
 * `fotoglot status` ([Note: Self-test verdict]); the result is kept in the setting
 * `model.selfTests` by model id, replaced by the next run and dropped when the model is removed.
 */
import type Database from 'better-sqlite3';
import {
  selfTestVerdict,
  type SelfTestLanguage,
  type SelfTestResult,
  type SelfTestVerdict,
} from '../../shared/self-test-schemas';
import { AppFailure } from '../../shared/result';
import { readSetting, writeSetting } from '../db/settings';
import type { InferenceClient } from '../inference/inference-client';
import { modelInputSpec, modelInputToTensor, renderModelInput } from '../inference/model-input';
import type { ProviderChoice } from '../embeddings/embedding-service';
import { decodeImage, type DecodeHelpers } from '../library/decode-image';
import type { TagLanguage } from '../tagging/tag-vocabulary';
import { loadKit, type KitLabel, type SelfTestKit, type SelfTestKitName } from './self-test-kits';

export interface ModelSelfTestOptions {
  db: Database.Database;
  inference: InferenceClient;
  helpers: DecodeHelpers;
  /** Query texts' vectors, as search embeds them (EmbeddingService.embedTexts). */
  embedTexts: (
    model: { id: string; dir: string },
    texts: readonly string[],
    languages: readonly (string | null)[],
  ) => Promise<Float32Array[]>;
  /** The user's provider and threads, as the library's embedding uses them. */
  loadOptions: () => { provider: ProviderChoice; threads?: number };
  /** Where an installed model lives; null when it is not installed. */
  folderOf: (id: string) => string | null;
  /** Which kit a model gets (the catalog's `selfTest`; imported models get the photos). */
  kitOf: (id: string) => SelfTestKitName;
  /** The shipped self-test photos (models/self-test/). */
  photosDir: string;
}

const resultsKey = 'model.selfTests';

export class ModelSelfTest {
  constructor(private readonly options: ModelSelfTestOptions) {}

  /** Tests model `id` now and stores the result; a model that cannot run gets a failed result. */
  async run(id: string): Promise<SelfTestResult> {
    const dir = this.options.folderOf(id);
    if (!dir)
      throw new AppFailure(
        'not-found',
        `${id} is not installed; run "fotoglot models install ${id}" first.`,
      );
    const kitName = this.options.kitOf(id);
    let result: SelfTestResult;
    try {
      const kit = await loadKit(kitName, this.options.photosDir);
      result = await this.#test(id, dir, kit);
    } catch (error) {
      result = {
        model: id,
        kit: kitName,
        testedAt: new Date().toISOString(),
        passed: false,
        languages: [],
        error: error instanceof Error ? error.message : String(error),
      };
    }
    this.#store(id, result);
    return result;
  }

  /** The last stored result of model `id`, or null when it was never tested. */
  result(id: string): SelfTestResult | null {
    return readSetting(this.options.db, resultsKey)?.[id] ?? null;
  }

  /** What the last result says about model `id` in `language` ([Note: Self-test verdict]). */
  verdict(id: string, language: TagLanguage): SelfTestVerdict {
    return selfTestVerdict(id, language, this.result(id));
  }

  /** Forgets model `id`'s result (it was removed). */
  forget(id: string): void {
    const results = { ...readSetting(this.options.db, resultsKey) };
    if (!(id in results)) return;
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a record keyed by model id
    delete results[id];
    writeSetting(this.options.db, resultsKey, results);
  }

  #store(id: string, result: SelfTestResult): void {
    writeSetting(this.options.db, resultsKey, {
      ...readSetting(this.options.db, resultsKey),
      [id]: result,
    });
  }

  async #test(id: string, dir: string, kit: SelfTestKit): Promise<SelfTestResult> {
    const images = await this.#embedPhotos(dir, kit);
    const entries = Object.entries(kit.labels) as [TagLanguage, KitLabel[]][];
    const texts = await this.#embedLabels({ id, dir }, entries);
    const languages = entries.map(([language, labels], l): SelfTestLanguage => {
      const photos = kit.photos.map((photo, p) => {
        const best = topLabel(images[p], texts[l] ?? []);
        const picked = best === null ? null : (labels[best] ?? null);
        return {
          subject: photo.subject,
          picked: picked?.subject ?? null,
          pickedText: picked?.text ?? null,
          right: picked?.subject === photo.subject,
        };
      });
      return { language, passed: photos.every((p) => p.right), photos };
    });
    return {
      model: id,
      kit: kit.name,
      testedAt: new Date().toISOString(),
      passed: languages.every((l) => l.passed),
      languages,
      error: null,
    };
  }

  /** The kit's photos as the library's photos are embedded ([Note: Embedding input]). */
  async #embedPhotos(dir: string, kit: SelfTestKit): Promise<Float32Array[]> {
    const { inference, helpers } = this.options;
    await inference.whenReady();
    const info = await inference.request('loadModel', { dir, ...this.options.loadOptions() });
    const spec = modelInputSpec(info.preprocess);
    const per = 3 * spec.size * spec.size;
    const pixels = new Float32Array(kit.photos.length * per);
    for (const [i, photo] of kit.photos.entries()) {
      const format = photo.bytes[0] === 0xff ? 'jpeg' : 'png';
      const decoded = await decodeImage(photo.bytes, photo.subject, format, null, helpers);
      modelInputToTensor(await renderModelInput(decoded, spec), info.preprocess, pixels, i * per);
    }
    const { vectors } = await inference.request('embedImages', {
      dir,
      pixels,
      count: kit.photos.length,
      size: spec.size,
    });
    return vectors;
  }

  /** Every language's labels, as queries are embedded: one request, each text with its language. */
  async #embedLabels(
    model: { id: string; dir: string },
    entries: [TagLanguage, KitLabel[]][],
  ): Promise<Float32Array[][]> {
    const texts = entries.flatMap(([, labels]) => labels.map((l) => l.text));
    const languages = entries.flatMap(([language, labels]) => labels.map(() => language));
    const vectors = await this.options.embedTexts(model, texts, languages);
    let next = 0;
    return entries.map(([, labels]) => labels.map(() => vectors[next++] ?? new Float32Array()));
  }
}

/**
 * The index of the label whose vector is closest to `image`; null when none stands strictly
 * above the others (a tower that gives zeros or NaN ranks nothing first, so it fails).
 */
function topLabel(image: Float32Array | undefined, labels: Float32Array[]): number | null {
  if (!image) return null;
  let best: number | null = null;
  let bestScore = -Infinity;
  let tie = false;
  for (const [i, label] of labels.entries()) {
    let score = 0;
    for (let d = 0; d < image.length; d++) score += (image[d] ?? 0) * (label[d] ?? 0);
    if (!Number.isFinite(score)) continue;
    if (score > bestScore) {
      bestScore = score;
      best = i;
      tie = false;
    } else if (score === bestScore) tie = true;
  }
  return tie ? null : best;
}
