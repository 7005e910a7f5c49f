/**
 * The shipped text models and Tesseract packs are the files models/text/SOURCES.md records (an
 * upgrade of an npm package that changes them must update the record and its licences), and
 * every one of them is found where the app looks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedLanguageFile, scriptGroups } from '../src/worker/text/tesseract-reader';
import { shippedTextModelsDir } from '../src/main/text/text-models';
import { textModelFiles } from '../src/main/text/text-stage';

const sources = readFileSync(
  path.resolve(import.meta.dirname, '../models/text/SOURCES.md'),
  'utf8',
);
/** file name → [bytes, sha256] from the record's tables. */
const recorded = new Map(
  [...sources.matchAll(/\| `([^`]+)`\s*\| ([\d,]+)\s*\| `([0-9a-f]{64})` \|/g)].map((m) => [
    m[1] ?? '',
    [Number((m[2] ?? '').replace(/,/g, '')), m[3] ?? ''] as const,
  ]),
);

const check = (file: string) => {
  const bytes = readFileSync(file);
  expect([bytes.length, createHash('sha256').update(bytes).digest('hex')], file).toEqual(
    recorded.get(path.basename(file)),
  );
};

describe('shipped text models', () => {
  it('PP-OCR files are the recorded ones', () => {
    for (const f of textModelFiles) check(path.join(shippedTextModelsDir(), f));
  });

  it('every Tesseract pack the reader uses is the recorded one', () => {
    const langs = Object.values(scriptGroups).flat();
    expect(langs).toHaveLength(10);
    for (const lang of langs) check(shippedLanguageFile(lang));
  });
});
