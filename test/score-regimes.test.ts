/**
 * Tags and relevance with cosines in real models' ranges ([Note: Score-regime variants]): the
 * real core, the real inference process and real colour photos, once with SigLIP-like scores
 * (true ≈ 0.10, false ≈ 0.0) and once with CLIP-like ones (true ≈ 0.30, false ≈ 0.20), each
 * with its family's catalog prior — which alone would tag nothing with SigLIP's scores; and
 * the model self-test passes in both regimes.
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colours, writeColourPhoto } from './helpers/colour-photos';
import { openVariantCore, regimeVariants, type RegimeName } from './helpers/variant-core';
import type { TestCore } from './helpers/test-core';
import { priorCut } from '../src/main/tagging/tag-calibration';

type ColourName = keyof typeof colours;
const names = Object.keys(colours) as ColourName[];

/** How many photos got how many suggestions: { tags: photos }. */
function tagCounts(t: TestCore, ids: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const id of ids) {
    const n = t.core.tags.photoTags(id).length;
    counts[n] = (counts[n] ?? 0) + 1;
  }
  return counts;
}

describe.each(Object.keys(regimeVariants) as RegimeName[])('%s', (variant) => {
  let t: TestCore;
  /** Photo id → its colour. */
  const colourOf = new Map<number, ColourName>();

  const addPhotos = async (perColour: number, seed: number) => {
    const files: [string, ColourName][] = [];
    for (const colour of names)
      for (let i = 0; i < perColour; i++) {
        const file = path.join(t.photos, `${colour}-${String(seed + i)}.jpg`);
        await writeColourPhoto(file, colours[colour], seed + i + 100 * names.indexOf(colour));
        files.push([file, colour]);
      }
    await t.core.library.index([t.photos], false);
    for (const [file, colour] of files) {
      const id = t.core.db.db
        .prepare('SELECT photo_id FROM files WHERE path = ?')
        .pluck()
        .get(file) as number;
      colourOf.set(id, colour);
    }
  };

  const expectEachColourAlone = () => {
    for (const [id, colour] of colourOf)
      expect(
        t.core.tags.photoTags(id, 'en').map((x) => x.key),
        `${colour} photo ${String(id)}`,
      ).toEqual([colour]);
  };

  beforeAll(async () => {
    t = await openVariantCore(variant);
    await addPhotos(5, 0);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('scores in its regime, where the catalog prior alone would cut elsewhere', async () => {
    const model = t.core.embeddings.searchModel();
    if (!model) throw new Error('no search model');
    const [red] = await t.core.embeddings.embedTexts(model, ['red'], ['en']);
    const redId = [...colourOf].find(([, c]) => c === 'red')?.[0] ?? -1;
    const blueId = [...colourOf].find(([, c]) => c === 'blue')?.[0] ?? -1;
    const score = (id: number) => {
      const v = model.index.vectorOf(id);
      return v && red ? v.reduce((s, x, i) => s + x * (red[i] ?? 0), 0) : NaN;
    };
    const [trueLabel, falseLabel] = variant === 'siglip-scores' ? [0.1, 0.0] : [0.3, 0.2];
    expect(Math.abs(score(redId) - trueLabel)).toBeLessThan(0.03);
    expect(Math.abs(score(blueId) - falseLabel)).toBeLessThan(0.03);
    if (variant === 'siglip-scores')
      expect(priorCut(regimeVariants[variant].tagging)).toBeGreaterThan(score(redId));
  });

  it('a 20-photo library: every colour photo gets its colour and nothing else', () => {
    expect(colourOf.size).toBe(20);
    expectEachColourAlone();
    console.log(
      `${variant}, 20 photos — suggestions per photo:`,
      tagCounts(t, [...colourOf.keys()]),
    );
  });

  it('search cuts at the gap: "red" lists the red photos as relevant, in any language', async () => {
    for (const query of ['red', 'rot', '赤']) {
      const found = await t.core.search.search({ query, limit: 50 });
      expect(found.total, query).toBe(5);
      expect(
        found.results.filter((r) => r.relevant).map((r) => colourOf.get(r.id)),
        query,
      ).toEqual(Array(5).fill('red'));
    }
    // A tag made from the user's words is cut the same way.
    const preview = await t.core.tags.previewZeroShot('rouge');
    expect(preview.matches.map((m) => colourOf.get(m.photoId))).toEqual(Array(5).fill('red'));
  });

  it('passes its self-test in all 10 languages ([Note: Model self-test])', async () => {
    const result = await t.core.selfTest.run(variant);
    expect(result.error).toBeNull();
    expect(result.languages.filter((l) => !l.passed).map((l) => l.language)).toEqual([]);
    expect(result.languages).toHaveLength(10);
  });

  it('search ranks everything when nothing stands out (a word the model does not know)', async () => {
    const found = await t.core.search.search({ query: 'Hund am Strand', limit: 50 });
    expect(found.total).toBe(20);
  });

  it('computes its statistics again when the library doubles, and tags stay right', async () => {
    const before = t.core.db.db
      .prepare('SELECT library_size FROM tag_statistics WHERE model_id = ?')
      .pluck()
      .get(variant);
    expect(before).toBe(20);
    await addPhotos(5, 50);
    const after = t.core.db.db
      .prepare('SELECT library_size, sample_size FROM tag_statistics WHERE model_id = ?')
      .get(variant);
    expect(after).toEqual({ library_size: 40, sample_size: 40 });
    expectEachColourAlone();
    console.log(
      `${variant}, 40 photos — suggestions per photo:`,
      tagCounts(t, [...colourOf.keys()]),
    );
  }, 120_000);

  it('search keeps the stand-outs over the background when no single gap parts them', async () => {
    const rungs = 16;
    // A ladder of photos from all red to a sixteenth red (the rest green): their scores for
    // "red" fall step by step from the red photos' into the background's, with no gap.
    for (let step = 0; step < rungs; step++) {
      const width = 100;
      await sharp({
        create: { width, height: 64, channels: 3, background: { r: 30, g: 170, b: 40 } },
      })
        .composite([
          {
            input: {
              create: {
                width: Math.round((width * (rungs - step)) / rungs),
                height: 64,
                channels: 3,
                background: { r: 220, g: 20, b: 30 },
              },
            },
            left: 0,
            top: 0,
          },
        ])
        .png()
        .toFile(path.join(t.photos, `ladder-${String(step)}.png`));
    }
    await t.core.library.index([t.photos], false);
    const found = await t.core.search.search({ query: 'red', limit: 100 });
    const relevant = found.results
      .filter((r) => r.relevant)
      .map((r) => path.basename(r.path ?? ''));
    // Every pure red photo and the mostly red rungs; never a photo of another colour.
    expect(relevant.filter((name) => name.startsWith('red-'))).toHaveLength(10);
    expect(relevant.filter((name) => !/^(red-|ladder-)/.test(name))).toEqual([]);
    const relevantRungs = relevant.filter((name) => name.startsWith('ladder-'));
    // The mostly red rungs stand out; the faintest are part of the background.
    for (let rung = 0; rung < rungs / 2; rung++)
      expect(relevant).toContain(`ladder-${String(rung)}.png`);
    expect(relevantRungs.length).toBeLessThan(rungs);
    console.log(`${variant}, "red" over 4 colours and a red→green ladder:`, {
      relevant: relevant.length,
      rungs: relevantRungs.length,
      scores: (await t.core.search.search({ query: 'red', limit: 100, all: true })).results.map(
        (r) => `${path.basename(r.path ?? '').replace(/\.\w+$/, '')} ${String(r.score)}`,
      ),
    });
  }, 120_000);
});
