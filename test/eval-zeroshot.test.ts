/**
 * `npm run eval:zeroshot` with test-tiny, run as a person runs it (the script through
 * scripts/run-ts.mjs, the real core and inference process):
 *  - on a small labelled set whose answers are known (flat colours named in three
 *    languages, one photo deliberately labelled wrong), the numbers are exactly the
 *    fraction of photos test-tiny gets right, beside a published number and its difference;
 *  - on the real Babel-ImageNet data and ImageNet sample (a few photos), every asked
 *    language gets a row with the photos of its classes counted from the data files.
 * The scoring arithmetic (ties counted against the photo) is checked on vectors made by hand.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabels, readSample, spreadPick } from '../scripts/eval/zeroshot-data';
import { rankOf, scoreLanguage, type LanguageScore } from '../scripts/eval/zeroshot-score';
import { colours, writeColourPhoto } from './helpers/colour-photos';

const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '../shared/data');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-eval-test-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the evaluation script to its end: exit code, stdout, stderr. */
function evalZeroshot(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['scripts/run-ts.mjs', 'scripts/eval/eval-zeroshot.ts', ...args],
      {
        cwd: root,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

interface Report {
  model: string;
  photos: number;
  results: LanguageScore[];
}

describe('scoring', () => {
  const v = (...xs: number[]) => Float32Array.from(xs);
  it('ranks the true class, counting ties against it', () => {
    const classes = [v(1, 0), v(0, 1), v(0.6, 0.8)];
    expect(rankOf(v(1, 0), classes, 0)).toBe(1);
    expect(rankOf(v(1, 0), classes, 2)).toBe(2);
    expect(rankOf(v(0, 1), classes, 0)).toBe(3);
    // Every class the same vector (labels a tower embeds to nothing): never a hit.
    expect(rankOf(v(1, 0), [v(0, 0), v(0, 0)], 0)).toBe(2);
  });

  it('top-1 and top-5 are fractions of the photos, with their sampling error', () => {
    const classes = Array.from({ length: 6 }, (_, i) => v(Math.cos(i / 3), Math.sin(i / 3)));
    const photos = [0, 1, 2, 3].map((truth) => ({ vector: classes[truth] ?? v(0, 0), truth }));
    photos.push({ vector: classes[0] ?? v(0, 0), truth: 5 });
    const score = scoreLanguage('XX', 'none', photos, classes, { prompts: 'label', top1: 0.5 });
    expect(score).toMatchObject({
      photos: 5,
      classes: 6,
      correct1: 4,
      correct5: 4,
      top1: 0.8,
      top5: 0.8,
    });
    expect(score.diff).toBeCloseTo(0.3, 10);
    expect(score.ci95).toBeCloseTo(1.96 * Math.sqrt((0.8 * 0.2) / 5), 10);
  });
});

describe('npm run eval:zeroshot with test-tiny', () => {
  it('scores a labelled colour set exactly, beside its published number', async () => {
    const data = path.join(tmp, 'babel');
    const sample = path.join(tmp, 'sample');
    mkdirSync(path.join(data, 'results-babel-imagenet'), { recursive: true });
    mkdirSync(path.join(sample, 'images'), { recursive: true });
    writeFileSync(
      path.join(data, 'babel_imagenet.json'),
      JSON.stringify({
        EN: [
          [10, 11, 12, 13],
          ['red', 'green', 'blue', 'yellow'],
        ],
        DE: [
          [10, 11, 12],
          ['rot', 'grün', 'blau'],
        ],
        JA: [
          [10, 11, 12],
          ['赤', '緑', '青'],
        ],
      }),
    );
    writeFileSync(
      path.join(data, 'results-babel-imagenet', 'tiny.json'),
      JSON.stringify({
        meta: { model: 'fotoglot/test-tiny' },
        results: [{ lang: 'EN', prompt: 'label', num_classes: 4, accuracy: 0.5 }],
      }),
    );
    // The last photo is blue but labelled red: the one mistake test-tiny must make.
    const photos: [string, keyof typeof colours, number][] = [
      ['r.jpg', 'red', 10],
      ['g.jpg', 'green', 11],
      ['b.jpg', 'blue', 12],
      ['y.jpg', 'yellow', 13],
      ['wrong.jpg', 'blue', 10],
    ];
    await Promise.all(
      photos.map(([file, colour], i) =>
        writeColourPhoto(path.join(sample, 'images', file), colours[colour], i),
      ),
    );
    writeFileSync(
      path.join(sample, 'index.tsv'),
      ['class_index\twnid\tfile', ...photos.map(([file, , c]) => `${String(c)}\tn0\t${file}`)].join(
        '\n',
      ),
    );
    const run = await evalZeroshot([
      '--model',
      'test-tiny',
      '--lang',
      'en,de,ja',
      '--prompts',
      'none,ours',
      '--json',
      '--data',
      data,
      '--sample',
      sample,
      '--work',
      path.join(tmp, 'work-known'),
    ]);
    expect(run.stderr).toMatch(/class texts: \d+ in [\d.]+ s/);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.photos).toBe(5);
    const row = (lang: string, prompts: string) =>
      report.results.find((r) => r.lang === lang && r.prompts === prompts);
    for (const prompts of ['none', 'ours']) {
      expect(row('EN', prompts)).toMatchObject({ classes: 4, photos: 5, correct1: 4, top1: 0.8 });
      // Yellow has no German or Japanese label: its photo is not one of theirs.
      expect(row('DE', prompts)).toMatchObject({ classes: 3, photos: 4, correct1: 3, top1: 0.75 });
      expect(row('JA', prompts)).toMatchObject({ classes: 3, photos: 4, correct1: 3, top1: 0.75 });
    }
    expect(row('EN', 'none')?.published).toEqual({ prompts: 'label', top1: 0.5 });
    expect(row('EN', 'none')?.diff).toBeCloseTo(0.3, 10);
    expect(row('DE', 'none')?.published).toBeNull();
  });

  it('runs over the ImageNet sample with Babel-ImageNet labels and prints a table per prompt set', async () => {
    const limit = 12;
    const run = await evalZeroshot([
      '--model',
      'test-tiny',
      '--lang',
      'de,zh-CN',
      '--prompts',
      'ours',
      '--limit',
      String(limit),
      '--work',
      path.join(tmp, 'work-sample'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      "test-tiny · prompts: ours · top-1/top-5 in % of the photos of each language's classes",
    );
    expect(lines[1]).toMatch(
      /^lang\s+classes\s+photos\s+top-1\s+±95%\s+top-5\s+published\s+Δ top-1$/,
    );
    const picked = spreadPick(readSample(path.join(shared, 'imagenet-sample')), limit);
    const labels = readLabels(path.join(shared, 'babel-imagenet'));
    for (const [i, lang] of ['DE', 'ZH'].entries()) {
      const classes = new Set(labels.get(lang)?.classes);
      const expected = picked.filter((p) => classes.has(p.classIndex)).length;
      expect(lines[2 + i]).toMatch(
        new RegExp(
          `^${lang.toLowerCase()}\\s+${String(classes.size)}\\s+${String(expected)}\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+—\\s+—$`,
        ),
      );
    }
    expect(run.stdout).toContain(`${String(limit)} photos, one per ImageNet class at most`);
  });
});

describe('published numbers', () => {
  it('are found for the catalog models that have them', async () => {
    const { readPublished } = await import('../scripts/eval/zeroshot-data');
    const data = path.join(shared, 'babel-imagenet');
    const catalog = JSON.parse(readFileSync(path.join(root, 'models/catalog.json'), 'utf8')) as {
      models: { id: string }[];
    };
    const ids = catalog.models.map((m) => m.id);
    for (const id of ['ViT-B-16-SigLIP-i18n-256__webli', 'nllb-clip-base-siglip__v1']) {
      expect(ids).toContain(id);
      const de = readPublished(data, id).filter((r) => r.lang === 'DE');
      expect(de.map((r) => r.prompts).sort()).toEqual(['label', 'nllb_dist13b_prompts']);
    }
    const siglip = readPublished(data, 'ViT-B-16-SigLIP-i18n-256__webli');
    expect(
      siglip.find((r) => r.lang === 'EN' && r.prompts === 'nllb_dist13b_prompts')?.top1,
    ).toBeCloseTo(0.751, 3);
    expect(readPublished(data, 'test-tiny')).toEqual([]);
  });
});
