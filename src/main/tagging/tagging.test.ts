/**
 * Auto-tagging, the user's decisions and XMP through the real core: test-tiny suggests colour
 * tags in the user's language, decisions stick across re-tagging, user tags and zero-shot tags
 * work in any language, and sidecars merge with what other programs wrote.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exiftool } from 'exiftool-vendored';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFotoglot } from '../../../test/helpers/cli';
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

beforeAll(async () => {
  t = openTestCore();
  for (let i = 0; i < 3; i++) {
    await writeColourPhoto(path.join(t.photos, `red-${String(i)}.jpg`), colours.red, i);
    await writeColourPhoto(path.join(t.photos, `blue-${String(i)}.jpg`), colours.blue, 10 + i);
    await writeColourPhoto(path.join(t.photos, `yellow-${String(i)}.jpg`), colours.yellow, 20 + i);
  }
  // A sidecar another program wrote, with a keyword of its own.
  writeFileSync(
    path.join(t.photos, 'blue-0.jpg.xmp'),
    `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="4"><dc:subject><rdf:Bag><rdf:li>Lightroom keyword</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
  );
  t.core.updateSettings({ language: 'de' });
  await t.core.library.index([t.photos], false);
}, 60_000);
afterAll(async () => {
  await t.close();
  await exiftool.end();
});

describe('auto-tagging', () => {
  it('suggests the colour of each photo, named in the user’s language, with a calibrated score', () => {
    const tags = t.core.tags.photoTags(idOf('red-0.jpg'));
    expect(tags).toEqual([
      {
        name: 'rot',
        key: 'red',
        score: expect.any(Number) as unknown,
        source: 'auto',
        state: 'suggested',
      },
    ]);
    expect(tags[0]?.score).toBeGreaterThan(0.9);
    expect(t.core.tags.photoTags(idOf('yellow-1.jpg'), 'ja').map((x) => x.name)).toEqual(['黄色']);
    expect(t.core.tags.photoTags(idOf('blue-2.jpg'), 'ar').map((x) => x.name)).toEqual(['أزرق']);
  });

  it('shows keywords from existing sidecars as user tags', () => {
    const tags = t.core.tags.photoTags(idOf('blue-0.jpg'));
    expect(tags).toContainEqual(
      expect.objectContaining({ name: 'Lightroom keyword', source: 'user', state: 'accepted' }),
    );
  });

  it('remembers rejections: re-tagging never suggests them again', async () => {
    const id = idOf('red-1.jpg');
    t.core.tags.reject(id, 'rot');
    expect(t.core.tags.photoTags(id)).toEqual([]);
    // Force a re-tag (as after an edit of the photo) and run the tagger again.
    t.core.db.db
      .prepare("UPDATE jobs SET state = 'pending' WHERE photo_id = ? AND kind LIKE 'tag:%'")
      .run(id);
    await t.core.tags.run();
    expect(t.core.tags.photoTags(id)).toEqual([]);
    expect(
      t.core.db.db
        .prepare("SELECT state FROM photo_tags WHERE photo_id = ? AND name = 'red'")
        .pluck()
        .get(id),
    ).toBe('rejected');
  });

  it('accepts suggestions and user tags in any language, and search filters by them', async () => {
    const id = idOf('yellow-0.jpg');
    await t.core.tags.accept(id, 'gelb');
    await t.core.tags.add(id, 'Strand'); // German for the vocabulary's "beach"
    await t.core.tags.add(id, 'Omas Garten');
    const tags = t.core.tags.photoTags(id, 'fr');
    expect(tags.map((x) => [x.name, x.state])).toEqual(
      expect.arrayContaining([
        ['jaune', 'accepted'],
        ['plage', 'accepted'],
        ['Omas Garten', 'accepted'],
      ]),
    );
    const byTag = await t.core.search.search({ query: 'tag:plage' });
    expect(byTag.results.map((r) => path.basename(r.path ?? ''))).toEqual(['yellow-0.jpg']);
    const byUserTag = await t.core.search.search({ query: 'tag:"omas garten"' });
    expect(byUserTag.total).toBe(1);
  });

  it('lists tags with counts and renames, merges and removes user tags', async () => {
    await t.core.tags.add(idOf('yellow-1.jpg'), 'Oma');
    expect(t.core.tags.rename('Oma', 'Omas Garten')).toBe(1);
    const list = t.core.tags.list('de');
    expect(list).toContainEqual(
      expect.objectContaining({
        key: 'Omas Garten',
        name: 'Omas Garten',
        accepted: 2,
        userMade: true,
      }),
    );
    expect(list).toContainEqual(
      expect.objectContaining({ key: 'blue', name: 'blau', suggested: 3 }),
    );
    expect(t.core.tags.remove('Omas Garten')).toBe(2);
    expect(t.core.tags.list().some((x) => x.key === 'Omas Garten')).toBe(false);
  });

  it('previews a zero-shot tag from the user’s own words before applying it', async () => {
    const preview = await t.core.tags.previewZeroShot('azul');
    const blueIds = [0, 1, 2].map((i) => idOf(`blue-${String(i)}.jpg`)).sort();
    expect(preview.matches.map((m) => m.photoId).sort()).toEqual(blueIds);
    expect(t.core.tags.list().some((x) => x.key === 'azul')).toBe(false);
    expect(await t.core.tags.applyZeroShot('azul', blueIds.slice(0, 2))).toBe(2);
    expect(t.core.tags.list()).toContainEqual(
      expect.objectContaining({ key: 'azul', accepted: 2 }),
    );
  });
});

describe('XMP sidecars', () => {
  it('merges accepted tags into an existing sidecar, keeping what was there', async () => {
    const id = idOf('blue-0.jpg');
    await t.core.tags.accept(id, 'blue');
    expect(await t.core.writeSidecars([id], 'en')).toBe(1);
    const sidecar = path.join(t.photos, 'blue-0.jpg.xmp');
    const tags = await exiftool.read(sidecar);
    expect(tags.Subject).toEqual(expect.arrayContaining(['Lightroom keyword', 'blue', 'azul']));
    expect(tags.HierarchicalSubject).toEqual(expect.arrayContaining(['Fotoglot|colour|blue']));
    expect(readFileSync(sidecar, 'utf8')).toContain('Rating');
    // Nothing left beside the user's photos but the sidecar itself (no exiftool backup).
    expect(
      readdirSync(t.photos)
        .filter((f) => f.startsWith('blue-0'))
        .sort(),
    ).toEqual(['blue-0.jpg', 'blue-0.jpg.xmp', 'blue-0.xmp']);
    // Writing again adds nothing twice.
    await t.core.writeSidecars([id], 'en');
    const again = await exiftool.read(sidecar);
    expect(again.Subject).toHaveLength((tags.Subject as unknown[]).length);
  });

  it('creates <photo>.xmp when accepting with XMP writing on, readable by exiftool', async () => {
    t.core.updateSettings({ xmpWrite: true });
    await t.core.tags.accept(idOf('red-2.jpg'), 'rouge');
    const tags = await exiftool.read(path.join(t.photos, 'red-2.jpg.xmp'));
    expect(tags.Subject).toEqual(['rot']);
    t.core.updateSettings({ xmpWrite: false });
  });
});

describe('fotoglot tags / tag', () => {
  it('prints a photo’s tags as JSON in the asked language', async () => {
    const home = path.join(t.root, 'cli-home');
    const folder = path.join(t.root, 'cli-photos');
    mkdirSync(folder);
    await writeColourPhoto(path.join(folder, 'yellow.jpg'), colours.yellow, 40);
    await writeColourPhoto(path.join(folder, 'green.jpg'), colours.green, 41);
    const tagged = await runFotoglot([
      '--home',
      home,
      'tag',
      folder,
      '--write-xmp',
      '--lang',
      'it',
      '--json',
    ]);
    expect(tagged.code).toBe(0);
    expect(JSON.parse(tagged.stdout)).toMatchObject({
      photos: 2,
      tagsAccepted: 2,
      sidecarsWritten: 2,
    });
    expect(readFileSync(path.join(folder, 'green.jpg.xmp'), 'utf8')).toContain(
      '<rdf:li>verde</rdf:li>',
    );
    const out = await runFotoglot([
      '--home',
      home,
      'tags',
      path.join(folder, 'yellow.jpg'),
      '--lang',
      'es',
      '--json',
    ]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      path: path.join(folder, 'yellow.jpg'),
      tags: [
        {
          name: 'amarillo',
          score: expect.any(Number) as unknown,
          source: 'auto',
          state: 'accepted',
        },
      ],
    });
    const bad = await runFotoglot(['--home', home, 'tags', path.join(t.photos, 'nope.jpg')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/does not exist/);
    const badLang = await runFotoglot([
      '--home',
      home,
      'tags',
      path.join(t.photos, 'red-0.jpg'),
      '--lang',
      'xx',
    ]);
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toMatch(/--lang must be one of/);
  }, 60_000);
});
