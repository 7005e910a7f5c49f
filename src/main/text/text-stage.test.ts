/**
 * The text stage ([Note: Text stage]) through the real core's database and inference process,
 * on rendered signs in four scripts (the Arabic one passes the first look by its lines alone),
 * a huge scan, a real German photo of ../shared/data/ocr and ordinary photos: text is read and
 * found by search, photos without text are passed by the first look, a photo that cannot be
 * decoded is a problem while the others go on, a rerun stores nothing twice, and damaged or
 * missing models make the stage wait with a clear problem.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../../../test/helpers/test-core';
import { colours, writeColourPhoto } from '../../../test/helpers/colour-photos';
import { sharedData } from '../../../test/helpers/face-descriptors';
import { renderTextPhoto, textSamples, type TextSample } from '../../../test/helpers/rendered-text';
import { DecodeHelpers } from '../library/decode-image';
import { jobKind } from '../jobs/job-queue';
import type { TextLine } from '../../shared/text-schemas';
import { shippedTextModelsDir } from './text-models';
import {
  TextStage,
  textModelFiles,
  textModelId,
  textStage,
  type TextStageOptions,
} from './text-stage';

let t: TestCore;
let helpers: DecodeHelpers;
const kind = jobKind(textStage);
const saved: { photoId: number; engine: string; lines: TextLine[] }[] = [];

function sample(language: string): TextSample {
  const found = textSamples.find((s) => s.language === language);
  if (!found) throw new Error(`no sample for ${language}`);
  return found;
}

function stage(options: Partial<TextStageOptions> = {}): TextStage {
  return new TextStage({
    db: t.core.db.db,
    inference: t.core.inference,
    helpers,
    modelsDir: shippedTextModelsDir(),
    save: (photoId, engine, lines) => {
      saved.push({ photoId, engine, lines });
      t.core.text.save(photoId, engine, lines);
    },
    ...options,
  });
}

const photoId = (name: string) =>
  t.core.db.db
    .prepare('SELECT photo_id FROM files WHERE path LIKE ?')
    .pluck()
    .get(`%${name}`) as number;

function jobStates(): Record<string, number> {
  const rows = t.core.db.db
    .prepare('SELECT state, count(*) AS n FROM jobs WHERE kind = ? GROUP BY state')
    .all(kind) as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

const textOf = (name: string) =>
  (t.core.text.linesOf(photoId(name))?.lines ?? []).map((l) => l.text).join(' ');

beforeAll(async () => {
  t = openTestCore();
  helpers = new DecodeHelpers();
  writeFileSync(path.join(t.photos, 'receipt-de.jpg'), await renderTextPhoto(sample('de')));
  writeFileSync(path.join(t.photos, 'sign-ru.jpg'), await renderTextPhoto(sample('ru')));
  writeFileSync(path.join(t.photos, 'sign-ar.jpg'), await renderTextPhoto(sample('ar')));
  writeFileSync(
    path.join(t.photos, 'sign-ja.jpg'),
    await renderTextPhoto(sample('ja'), { turn: 180 }),
  );
  // A huge scan (9000 × 3600 px): read like any photo, at up to 2048 px.
  writeFileSync(
    path.join(t.photos, 'scan-huge.jpg'),
    await renderTextPhoto(sample('en'), { width: 9000 }),
  );
  copyFileSync(
    path.join(sharedData, 'ocr/paddleocr/imgs/ger_1.jpg'),
    path.join(t.photos, 'ger_1.jpg'),
  );
  await writeColourPhoto(path.join(t.photos, 'plain.jpg'), colours.blue, 1);
  await writeColourPhoto(path.join(t.photos, 'gone-bad.jpg'), colours.red, 2);
  await t.core.library.index([t.photos], false);
  // The core's own text stage read them while indexing: these tests start from a library not
  // read yet (as one from before the stage) and run stages of their own.
  t.core.db.db.prepare('DELETE FROM jobs WHERE kind = ?').run(kind);
  t.core.db.db.prepare('DELETE FROM photo_text').run();
  // Damaged after ingest (a disk error): only the text stage finds out.
  writeFileSync(path.join(t.photos, 'gone-bad.jpg'), 'not a photo any more');
}, 180_000);
afterAll(async () => {
  await helpers.dispose();
  await t.close();
});

describe('text stage', () => {
  it('reads every photo, skips the plain one at the first look, and goes on past a bad one', async () => {
    const text = stage();
    await text.run();
    await text.dispose();
    expect(jobStates()).toEqual({ done: 7, failed: 1 });
    const problems = t.core.db.db.prepare('SELECT path, reason AS detail FROM problems').all() as {
      path: string;
      detail: string;
    }[];
    expect(problems.map((p) => path.basename(p.path))).toEqual(['gone-bad.jpg']);
    expect(problems[0]?.detail).toMatch(/Text could not be read: the photo could not be decoded/);
    expect(textOf('receipt-de.jpg')).toMatch(/Rechnung/);
    expect(textOf('sign-ru.jpg')).toMatch(/Москва/);
    expect(textOf('sign-ja.jpg')).toMatch(/東京/);
    // PP-OCR reads Arabic as low-confidence noise: the sign passes the first look by its two
    // large, sure lines ([Note: First look]) and Tesseract's Arabic pack reads it.
    expect(textOf('sign-ar.jpg')).toMatch(/محطة|القطار|مرحبا/);
    expect(textOf('ger_1.jpg').length).toBeGreaterThan(20);
    expect(textOf('scan-huge.jpg')).toMatch(/Wi-?Fi password/i);
    const plain = t.core.text.linesOf(photoId('plain.jpg'));
    expect(plain).toMatchObject({ engine: textModelId, lines: [] });
  }, 180_000);

  it('finds the German receipt, the Russian and the Japanese sign by their words', async () => {
    const cases: [string, string][] = [
      ['Rechnung', 'receipt-de.jpg'],
      ['москва', 'sign-ru.jpg'],
      ['東京', 'sign-ja.jpg'],
    ];
    for (const [query, file] of cases) {
      const found = await t.core.search.search({ query: `text:${query}` });
      expect(
        found.results.map((r) => path.basename(r.path ?? '')),
        query,
      ).toEqual([file]);
    }
  });

  it('reads again after a kill left the jobs open, storing nothing twice', async () => {
    const before = textOf('receipt-de.jpg');
    saved.length = 0;
    t.core.db.db.prepare(`UPDATE jobs SET state = 'pending' WHERE kind = ?`).run(kind);
    const text = stage();
    await text.run();
    await text.dispose();
    expect(jobStates()).toEqual({ done: 7, failed: 1 });
    expect(saved.map((s) => s.photoId).sort()).toEqual(
      [...new Set(saved.map((s) => s.photoId))].sort(),
    );
    expect(textOf('receipt-de.jpg')).toBe(before);
  }, 180_000);
});

describe('text stage with broken models', () => {
  it('waits with a clear problem when a model file is damaged, and reads when it is fixed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-text-models-'));
    try {
      const shipped = shippedTextModelsDir();
      for (const f of readdirSync(shipped)) copyFileSync(path.join(shipped, f), path.join(dir, f));
      writeFileSync(path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), 'damaged');
      t.core.db.db.prepare(`UPDATE jobs SET state = 'pending' WHERE kind = ?`).run(kind);
      const problems: unknown[] = [];
      const text = stage({ modelsDir: dir, onModelsProblem: (p) => problems.push(p) });
      await text.run();
      expect(text.modelsProblem).toMatchObject({
        reason: 'damaged',
        files: ['ch_PP-OCRv4_rec_infer.onnx'],
      });
      expect(text.modelsProblem?.detail).toMatch(/Reinstall Fotoglot/);
      // Nothing was turned into a problem: the photos wait.
      expect(jobStates()).toEqual({ pending: 8 });
      copyFileSync(
        path.join(shipped, 'ch_PP-OCRv4_rec_infer.onnx'),
        path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'),
      );
      await text.run();
      await text.dispose();
      expect(text.modelsProblem).toBeNull();
      expect(problems.at(-1)).toBeNull();
      expect(jobStates()).toEqual({ done: 7, failed: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('names the missing files when the models folder is empty', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-text-none-'));
    try {
      const text = stage({ modelsDir: dir });
      const problem = await text.checkModels();
      expect(problem?.reason).toBe('missing');
      expect(problem?.files).toEqual(textModelFiles);
      expect(problem?.detail).toContain(dir);
      await text.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
