/**
 * @file `npm run eval:zeroshot -- --model <id> [--lang de,ja,…] [--prompts none|nllb|ours]
 * [--limit N] [--json]`: Babel-ImageNet zero-shot top-1/top-5 of an installed model over the
 * ImageNet sample, next to the published numbers (docs/search-and-tags.md, "Zero-shot
 * evaluation").
 *
 * It measures what users get: the photos go through the real core (ingest, the model input
 * pixels, the embed stage in the inference process, vectors in sqlite-vec) in a library of
 * its own (`--work`, kept between runs so the photos are embedded once per model), and the
 * class texts through the same embedding path and prompt ensembles as search and tags
 * ([Note: Prompt ensembles]). Prompts: `none` (the label as is), `nllb` (the NLLB-translated
 * templates of the published runs), `ours` (Fotoglot's templates); several may be given.
 */
import { Command, CommanderError, Option } from 'commander';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveHome } from '../../src/main/app-home';
import { Core } from '../../src/main/core';
import {
  embedPromptSets,
  ensembleLanguage,
  fillTemplates,
  type TextEmbedder,
} from '../../src/main/embeddings/prompt-ensembles';
import { nodeWorkerLauncher } from '../../src/main/inference/worker-launcher';
import { evalProgress } from './eval-progress';
import {
  babelCode,
  readLabels,
  readNllbPrompts,
  readPublished,
  readSample,
  spreadPick,
  towerLanguage,
  type SamplePhoto,
} from './zeroshot-data';
import { formatTable, scoreLanguage, type LanguageScore } from './zeroshot-score';

const promptSets = ['none', 'nllb', 'ours'] as const;
type PromptSet = (typeof promptSets)[number];
/** The published prompt set each of ours is compared with (ours: the best published one). */
const publishedAs = {
  none: 'label',
  nllb: 'nllb_dist13b_prompts',
  ours: 'nllb_dist13b_prompts',
} as const;

interface Options {
  model: string;
  modelDir?: string;
  lang: string;
  prompts: string;
  limit?: string;
  json?: boolean;
  data: string;
  sample: string;
  work: string;
}

const root = process.cwd();

function parseOptions(argv: string[]): Options {
  return new Command('eval:zeroshot')
    .description(
      'Babel-ImageNet zero-shot top-1/top-5 of an installed model, next to the published numbers.',
    )
    .requiredOption('--model <id>', 'catalog id of an installed model (test-tiny runs anywhere)')
    .option(
      '--model-dir <dir>',
      'the model folder, when it is not installed in the Fotoglot data folder',
    )
    .option(
      '--lang <codes>',
      'languages, comma-separated (Babel-ImageNet codes or UI tags)',
      'en,de,fr,es,it,pt,ru,ja,zh,ar',
    )
    .addOption(
      new Option('--prompts <sets>', 'none, nllb and/or ours, comma-separated').default('ours'),
    )
    .option('--limit <n>', 'photos of the sample to use, spread evenly over it (default: all)')
    .option('--json', 'print the results as JSON')
    .option(
      '--data <dir>',
      'the Babel-ImageNet folder',
      path.join(root, '../shared/data/babel-imagenet'),
    )
    .option(
      '--sample <dir>',
      'photos: index.tsv (class_index, file) and images/',
      path.join(root, '../shared/data/imagenet-sample'),
    )
    .option(
      '--work <dir>',
      "the evaluation's own library, kept between runs",
      path.join(os.tmpdir(), 'fotoglot-eval'),
    )
    .exitOverride()
    .parse(argv, { from: 'user' })
    .opts<Options>();
}

/** The folder the model runs from: --model-dir, the user's installed copy, or the repository's models/. */
function modelFolder(id: string, modelDir: string | undefined): string {
  const candidates = modelDir
    ? [path.resolve(modelDir)]
    : [path.join(resolveHome(), 'models', id), path.join(root, 'models', id)];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'config.json')));
  if (!found)
    throw new Error(
      `No model folder for ${id} (looked in ${candidates.join(', ')}). Install it in Fotoglot ("fotoglot models install ${id}") or pass --model-dir <folder>.`,
    );
  return found;
}

/**
 * Puts the picked photos into the evaluation library's folder: hard links where the disk
 * allows (a 50,000-photo validation set is not copied), copies otherwise; once per photo.
 */
function stagePhotos(sampleDir: string, photos: readonly SamplePhoto[], into: string): void {
  for (const p of photos) {
    const from = path.join(sampleDir, 'images', p.file);
    const to = path.join(into, p.file);
    if (existsSync(to) && statSync(to).size === statSync(from).size) continue;
    mkdirSync(path.dirname(to), { recursive: true });
    rmSync(to, { force: true });
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}

/**
 * Installs the model in the evaluation library as a folder of links to its files: the
 * weights are never copied, and any model id works (catalog or imported).
 */
function linkModel(folder: string, into: string): void {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  for (const entry of readdirSync(folder))
    symlinkSync(path.join(folder, entry), path.join(into, entry));
}

/** Every asked prompt set and language exists, before any work starts. */
function checkAsked(
  sets: readonly string[],
  langs: readonly string[],
  labels: ReturnType<typeof readLabels>,
  nllb: ReturnType<typeof readNllbPrompts>,
): asserts sets is PromptSet[] {
  for (const s of sets)
    if (!(promptSets as readonly string[]).includes(s))
      throw new Error(`Unknown prompt set "${s}": use none, nllb or ours.`);
  for (const lang of langs) {
    if (!labels.has(lang)) throw new Error(`Babel-ImageNet has no labels for "${lang}".`);
    if (sets.includes('nllb') && !nllb.has(lang))
      throw new Error(`No NLLB prompts for "${lang}": use --prompts none or ours.`);
    if (sets.includes('ours') && ensembleLanguage(towerLanguage(lang)) === null)
      throw new Error(
        `Fotoglot has no prompt templates for "${lang}": use --prompts none or nllb.`,
      );
  }
}

/** Each class label of `lang` as the prompts it is embedded with under `set`. */
function classPrompts(
  set: PromptSet,
  lang: string,
  labels: readonly string[],
  nllb: ReturnType<typeof readNllbPrompts>,
): string[][] {
  switch (set) {
    case 'none':
      return labels.map((l) => [l]);
    case 'nllb': {
      const templates = nllb.get(lang) ?? [];
      return labels.map((l) => templates.map((t) => t.replace('{}', l)));
    }
    case 'ours': {
      const ours = ensembleLanguage(towerLanguage(lang));
      return ours ? labels.map((l) => fillTemplates(l, ours)) : labels.map((l) => [l]);
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const langs = [...new Set(options.lang.split(',').filter(Boolean).map(babelCode))];
  const sets = [
    ...new Set(
      options.prompts
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const limit = options.limit === undefined ? null : Number(options.limit);
  if (limit !== null && !(Number.isInteger(limit) && limit > 0))
    throw new Error(`--limit must be a positive whole number, not "${String(options.limit)}".`);
  const labels = readLabels(options.data);
  const nllb = readNllbPrompts(options.data);
  checkAsked(sets, langs, labels, nllb);
  const picked = spreadPick(readSample(options.sample), limit);
  const published = readPublished(options.data, options.model);
  const folder = modelFolder(options.model, options.modelDir);

  const home = path.join(path.resolve(options.work), options.model);
  const photosDir = path.join(home, 'photos');
  mkdirSync(path.join(home, 'data', 'models'), { recursive: true });
  stagePhotos(options.sample, picked, photosDir);
  const bundled = path.join(root, 'models');
  linkModel(folder, path.join(home, 'data', 'models', options.model));
  const progress = evalProgress();
  const core = Core.open({
    home: path.join(home, 'data'),
    launchWorker: nodeWorkerLauncher(path.join(root, 'dist/node/worker.cjs')),
    bundledModelsDir: bundled,
  });
  try {
    // Only photo vectors are needed: no tag suggestions, no faces.
    await Promise.all([core.tags.dispose(), core.faces.dispose()]);
    await core.models.use(options.model);
    const stop = core.onEvent((e) => {
      if (e.type === 'job:progress' && e.total > 0) progress.show(`${e.job} photos`, e);
    });
    const imageStart = performance.now();
    await core.library.index([photosDir], false);
    stop();
    const vectors = photoVectors(core, options.model, photosDir);
    process.stderr.write(
      `photos: ${String(vectors.size)} with vectors (${((performance.now() - imageStart) / 1000).toFixed(1)} s)\n`,
    );
    const missing = picked.filter((p) => !vectors.has(p.file));
    if (missing.length > 0)
      process.stderr.write(
        `${String(missing.length)} photos have no vector (see "fotoglot problems"): left out\n`,
      );

    const dir = core.models.folderOf(options.model) ?? folder;
    const embed: TextEmbedder = (texts, languages) =>
      core.embeddings.embedTexts({ id: options.model, dir }, texts, languages);
    const work = sets.flatMap((set) =>
      langs.map((lang) => ({
        set,
        lang,
        prompts: classPrompts(set, lang, labels.get(lang)?.labels ?? [], nllb),
      })),
    );
    const totalTexts = work.reduce((n, w) => n + w.prompts.reduce((k, p) => k + p.length, 0), 0);
    let textsDone = 0;
    const results: LanguageScore[] = [];
    for (const { set, lang, prompts } of work) {
      const language = labels.get(lang) ?? { classes: [], labels: [] };
      let setsDone = 0;
      const classVectors = await embedPromptSets(embed, prompts, towerLanguage(lang), {
        onBatch: (n) => {
          const texts = prompts.slice(setsDone, n).reduce((k, p) => k + p.length, 0);
          setsDone = n;
          textsDone += texts;
          progress.tick('class texts', textsDone, totalTexts, texts);
        },
      });
      const position = new Map(language.classes.map((c, i) => [c, i]));
      const photos = picked.flatMap((p) => {
        const truth = position.get(p.classIndex);
        const vector = vectors.get(p.file);
        return truth === undefined || !vector ? [] : [{ vector, truth }];
      });
      const reference = published.find((r) => r.lang === lang && r.prompts === publishedAs[set]);
      results.push(
        scoreLanguage(
          lang,
          set,
          photos,
          classVectors,
          reference
            ? { prompts: reference.prompts === 'label' ? 'label' : 'nllb', top1: reference.top1 }
            : null,
        ),
      );
    }
    progress.finish('class texts', totalTexts);
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ model: options.model, sample: options.sample, photos: vectors.size, results }, null, 2)}\n`,
      );
    } else {
      const tables = sets.map((set) =>
        formatTable(
          options.model,
          set,
          results.filter((r) => r.prompts === set),
        ),
      );
      process.stdout.write(`${tables.join('\n\n')}\n`);
      process.stdout.write(
        `\n${String(vectors.size)} photos, one per ImageNet class at most; the published runs used the 50,000 validation photos. ±95%: the sampling error of this many photos.\n`,
      );
    }
  } finally {
    await core.dispose();
  }
}

/** The picked photos' vectors, by their file relative to the sample's images/. */
function photoVectors(core: Core, modelId: string, photosDir: string): Map<string, Float32Array> {
  const model = core.embeddings.searchModel();
  if (!model || model.id !== modelId) throw new Error(`${modelId} produced no photo vectors.`);
  const base = realpathSync(photosDir);
  const rows = core.db.db
    .prepare(
      'SELECT path, photo_id AS photoId FROM files WHERE missing = 0 AND photo_id IS NOT NULL',
    )
    .all() as { path: string; photoId: number }[];
  const out = new Map<string, Float32Array>();
  for (const row of rows) {
    const vector = model.index.vectorOf(row.photoId);
    if (vector) out.set(path.relative(base, row.path).split(path.sep).join('/'), vector);
  }
  return out;
}

main().catch((error: unknown) => {
  // --help and --version are printed by commander already.
  if (error instanceof CommanderError && error.exitCode === 0) return;
  process.stderr.write(
    `eval:zeroshot: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
