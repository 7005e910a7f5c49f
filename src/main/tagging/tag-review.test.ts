/**
 * The Tags view's core through a real Core (test-tiny, real photos): tags listed with a cover
 * photo, suggestions reviewed photo by photo with rejections remembered across re-tagging, a
 * tag from text applied with exclusions remembered, and typed tags kept in the words typed
 * unless the user picks the translation.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';

let t: TestCore;
const idOf = (name: string) =>
  t.core.db.db
    .prepare('SELECT photo_id FROM files WHERE path = ?')
    .pluck()
    .get(path.join(t.photos, name)) as number;
const blue = () => [0, 1, 2].map((i) => idOf(`blue-${String(i)}.jpg`));
const stateOf = (photoId: number, name: string) =>
  t.core.db.db
    .prepare('SELECT state FROM photo_tags WHERE photo_id = ? AND name = ?')
    .pluck()
    .get(photoId, name) as string | undefined;
/** Tags every photo again, as after an edit or a new tagger version. */
async function retag(): Promise<void> {
  t.core.db.db.prepare("UPDATE jobs SET state = 'pending' WHERE kind LIKE 'tag:%'").run();
  await t.core.tags.run();
}

beforeAll(async () => {
  t = openTestCore();
  for (let i = 0; i < 3; i++) {
    await writeColourPhoto(path.join(t.photos, `red-${String(i)}.jpg`), colours.red, i);
    await writeColourPhoto(path.join(t.photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i);
  }
  t.core.updateSettings({ language: 'en' });
  await t.core.library.index([t.photos], false);
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe('the tag list', () => {
  it('gives every tag a cover photo that has the tag', () => {
    const list = t.core.tags.list('en');
    const blueTag = list.find((x) => x.key === 'blue');
    expect(blueTag).toMatchObject({ name: 'blue', accepted: 0, suggested: 3 });
    expect(blue()).toContain(blueTag?.cover);
    expect(list.find((x) => x.key === 'red')?.cover).toBe(
      t.core.tags.suggestions('red')[0]?.photoId,
    );
  });
});

describe('reviewing suggestions photo by photo', () => {
  it('accepts the photos kept, rejects the ones excluded, and remembers the rejection', async () => {
    const [b0, b1, b2] = blue() as [number, number, number];
    expect(
      t.core.tags
        .suggestions('blue')
        .map((s) => s.photoId)
        .sort(),
    ).toEqual([b0, b1, b2].sort());
    expect(await t.core.tags.reviewPhotos('blue', [b0, b1], [b2])).toEqual({
      accepted: 2,
      rejected: 1,
    });
    expect([stateOf(b0, 'blue'), stateOf(b1, 'blue'), stateOf(b2, 'blue')]).toEqual([
      'accepted',
      'accepted',
      'rejected',
    ]);
    await retag();
    expect(stateOf(b2, 'blue')).toBe('rejected');
    expect(t.core.tags.suggestions('blue')).toEqual([]);
    expect(t.core.tags.list('en').find((x) => x.key === 'blue')).toMatchObject({
      accepted: 2,
      suggested: 0,
    });
  });

  it('leaves photos neither kept nor excluded open, and ignores photos without the suggestion', async () => {
    const [r0, r1] = [idOf('red-0.jpg'), idOf('red-1.jpg')];
    const [b0] = blue() as [number];
    expect(await t.core.tags.reviewPhotos('red', [r0, b0], [])).toEqual({
      accepted: 1,
      rejected: 0,
    });
    expect(stateOf(b0, 'red')).toBeUndefined();
    expect(stateOf(r1, 'red')).toBe('suggested');
  });
});

describe('a tag made from text', () => {
  it('tags only the photos kept; excluded ones are remembered as rejected', async () => {
    const [b0, b1, b2] = blue() as [number, number, number];
    const preview = await t.core.tags.previewZeroShot('azul');
    expect(preview.matches.map((m) => m.photoId).sort()).toEqual([b0, b1, b2].sort());
    expect(preview.matches.every((m) => !m.rejected)).toBe(true);
    expect(await t.core.tags.applyZeroShot('azul', [b0, b1], [b2])).toBe(2);
    expect(stateOf(b2, 'azul')).toBe('rejected');
    expect(t.core.tags.photoTags(b2).map((x) => x.name)).not.toContain('azul');
    const again = await t.core.tags.previewZeroShot('azul');
    expect(again.matches.find((m) => m.photoId === b2)?.rejected).toBe(true);
    expect(again.matches.find((m) => m.photoId === b0)?.rejected).toBe(false);
    expect(t.core.tags.list('en').find((x) => x.key === 'azul')).toMatchObject({ accepted: 2 });
  });
});

describe('a tag typed in another language than the UI', () => {
  it('is kept as typed, with the translation offered', async () => {
    const id = idOf('red-2.jpg');
    expect(await t.core.tags.add(id, 'Hund', { lang: 'en' })).toEqual({
      key: 'Hund',
      translations: [{ key: 'dog', name: 'dog' }],
    });
    expect(t.core.tags.photoTags(id, 'en')).toContainEqual(
      expect.objectContaining({ name: 'Hund', key: 'Hund', source: 'user', state: 'accepted' }),
    );
    expect(t.core.tags.list('en').map((x) => x.name)).not.toContain('dog');
    // Search by the word finds it, as typed.
    const found = await t.core.search.search({ query: 'tag:Hund' });
    expect(found.results.map((r) => r.id)).toEqual([id]);
  });

  it('becomes the vocabulary tag when the user picks the translation, replacing the typed one', async () => {
    const id = idOf('red-2.jpg');
    expect(await t.core.tags.add(id, 'Hund', { lang: 'en', concept: 'dog' })).toEqual({
      key: 'dog',
      translations: [],
    });
    const names = t.core.tags.photoTags(id, 'en').map((x) => x.name);
    expect(names).toContain('dog');
    expect(names).not.toContain('Hund');
    expect(t.core.tags.photoTags(id, 'de').map((x) => x.name)).toContain('Hund');
  });

  it('joins the vocabulary tag without asking when typed in the UI language', async () => {
    const id = idOf('red-1.jpg');
    expect(await t.core.tags.add(id, 'Hund', { lang: 'de' })).toEqual({
      key: 'dog',
      translations: [],
    });
    expect(await t.core.tags.add(id, 'cat', { lang: 'en' })).toEqual({
      key: 'cat',
      translations: [],
    });
    expect(t.core.tags.photoTags(id, 'fr').map((x) => x.name)).toEqual(
      expect.arrayContaining(['chien', 'chat']),
    );
  });

  it('refuses a translation the word does not mean, saying what to do', async () => {
    await expect(
      t.core.tags.add(idOf('red-0.jpg'), 'Hund', { lang: 'en', concept: 'cat' }),
    ).rejects.toThrow(/add it as typed, or pick one of the translations/);
  });
});
