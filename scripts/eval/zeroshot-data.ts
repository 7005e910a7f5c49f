/**
 * @file What `npm run eval:zeroshot` reads, from where it lies outside the repository (never
 * copied in, never shipped: BabelNet's non-commercial licence, ImageNet's research terms):
 * the photo sample and its ImageNet class indices, the Babel-ImageNet labels and NLLB prompts
 * per language, and the published top-1 of each model.
 *
 * [Note: Zero-shot sample classes]
 * A sample photo's class is the `class_index` column of the sample's index.tsv (the standard
 * ImageNet-1k index, 0–999, that Babel-ImageNet's class lists use), never its file name or
 * its position: names repeat across classes ("crane" the bird and the machine, "maillot"
 * twice), and a sample of another size (a full validation set) lists many photos per class.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** One photo of the sample: its file (relative to the sample's images/) and class. */
export interface SamplePhoto {
  file: string;
  classIndex: number;
}

/** Babel-ImageNet for one language: the ImageNet classes it has labels for, and the labels. */
export interface LanguageLabels {
  classes: number[];
  labels: string[];
}

/** A published top-1 (fraction) for one Babel language and prompt set. */
export interface Published {
  lang: string;
  prompts: 'label' | 'nllb_dist13b_prompts';
  top1: number;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/**
 * The sample's photos from `<dir>/index.tsv` (tab-separated, a header naming at least
 * `class_index` and `file`), files under `<dir>/images/`. See [Note: Zero-shot sample classes].
 */
export function readSample(dir: string): SamplePhoto[] {
  const file = path.join(dir, 'index.tsv');
  const [header = '', ...rows] = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const columns = header.split('\t');
  const at = { classIndex: columns.indexOf('class_index'), file: columns.indexOf('file') };
  if (at.classIndex < 0 || at.file < 0)
    throw new Error(`${file} must have a header with the columns class_index and file.`);
  return rows.map((row, i) => {
    const cells = row.split('\t');
    const classIndex = Number(cells[at.classIndex]);
    const name = cells[at.file] ?? '';
    if (!Number.isInteger(classIndex) || classIndex < 0 || name === '')
      throw new Error(`${file} line ${String(i + 2)}: no class index or file.`);
    return { file: name, classIndex };
  });
}

/**
 * `limit` photos spread evenly over the sample (every k-th), so a small run still meets the
 * classes of languages that have labels for only part of ImageNet.
 */
export function spreadPick<T>(items: readonly T[], limit: number | null): T[] {
  if (limit === null || limit >= items.length) return [...items];
  return Array.from(
    { length: limit },
    (_, i) => items[Math.floor((i * items.length) / limit)] as T,
  );
}

/** Babel-ImageNet labels per language (upper-case Babel codes: DE, ZH, JA…). */
export function readLabels(dataDir: string): Map<string, LanguageLabels> {
  const raw = readJson(path.join(dataDir, 'babel_imagenet.json')) as Record<
    string,
    [number[], string[]]
  >;
  return new Map(
    Object.entries(raw).map(([lang, [classes, labels]]) => {
      if (classes.length !== labels.length)
        throw new Error(
          `babel_imagenet.json: ${lang} has ${String(classes.length)} classes but ${String(labels.length)} labels.`,
        );
      return [lang, { classes, labels }];
    }),
  );
}

/** The NLLB-translated prompt templates per language (empty when the file is absent). */
export function readNllbPrompts(dataDir: string): Map<string, string[]> {
  try {
    return new Map(
      Object.entries(
        readJson(path.join(dataDir, 'nllb_dist13b_prompts.json')) as Record<string, string[]>,
      ),
    );
  } catch {
    return new Map();
  }
}

/** A model name as the results files write it ("M-CLIP/X", "ViT-B-16-SigLIP-i18n-256@webli") as a catalog id. */
export const asModelId = (name: string): string =>
  (name.split('/').at(-1) ?? name).replace('@', '__').toLowerCase();

/** The published results of `modelId` (by its catalog id), per Babel language and prompt set. */
export function readPublished(dataDir: string, modelId: string): Published[] {
  const dir = path.join(dataDir, 'results-babel-imagenet');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  for (const file of files) {
    const results = readJson(path.join(dir, file)) as {
      meta?: { model?: string };
      results?: { lang: string; prompt: string; accuracy: number }[];
    };
    if (asModelId(results.meta?.model ?? '') !== modelId.toLowerCase()) continue;
    return (results.results ?? []).flatMap((r) =>
      r.prompt === 'label' || r.prompt === 'nllb_dist13b_prompts'
        ? [{ lang: r.lang, prompts: r.prompt, top1: r.accuracy }]
        : [],
    );
  }
  return [];
}

/** A language as the user names it ("de", "zh-CN", "ZH") as a Babel-ImageNet code ("DE", "ZH"). */
export function babelCode(lang: string): string {
  return lang.trim().replace(/-.*$/, '').replace(/-/g, '_').toUpperCase();
}

/** The language tag the text tower is told (NLLB's first token): "ZH" → "zh", "ZH_YUE" → "zh-yue". */
export function towerLanguage(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}
