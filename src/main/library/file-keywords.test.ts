/**
 * Keywords in files become tags only when a person wrote them: extensions, camera file names,
 * serial numbers, bare numbers and the photo's own numbered name are junk, through the real
 * ingest (exiftool-written IPTC keywords and a sidecar, read by the real core).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exiftool } from 'exiftool-vendored';
import { afterAll, describe, expect, it } from 'vitest';
import { colours, openTestCore, writeColourPhoto } from '../../../test/helpers/test-core';
import { isUsefulKeyword, usefulKeywords } from './file-keywords';

afterAll(async () => {
  await exiftool.end();
});

describe('isUsefulKeyword', () => {
  const file = '/photos/DSC_0042.jpg';
  it.each([
    '.jpg',
    'JPG',
    'jpeg',
    '.CR2',
    'IMG_1234.JPG',
    'holiday.jpeg',
    'IMG_1234',
    'DSC01234',
    '_MG_5531',
    'PXL_20230101_101010123',
    'P1010001',
    'SN 0412345678',
    'S/N: 21345',
    'Serial No. 0042417',
    '0412345678',
    'E12345678',
    '2019',
    '2019:07:10 10:00:00',
    '12',
    '#1',
    'DSC_0042',
    'C:\\Users\\me\\Pictures',
    '/home/me/photos',
    '3f2a9c1e-77b0-4d2e-9a51-0c7c2b1e4f11',
    'x',
  ])('rejects the junk keyword %j', (k) => {
    expect(isUsefulKeyword(k, file)).toBe(false);
  });

  it.each([
    'beach',
    'Omas Garten',
    'Hund',
    '猫',
    'شاطئ',
    'Canon EOS 40D',
    'Route 66',
    '2019 trip',
    'raw',
    'Lightroom keyword',
    'Family|Grandma',
  ])('keeps the keyword %j', (k) => {
    expect(isUsefulKeyword(k, file)).toBe(true);
  });

  it('keeps a keyword equal to a file name without digits, drops the numbered own name', () => {
    expect(isUsefulKeyword('beach', '/p/beach.jpg')).toBe(true);
    expect(isUsefulKeyword('holiday_2019_003', '/p/holiday_2019_003.jpg')).toBe(false);
  });

  it('trims, strips control characters and keeps each keyword once', () => {
    expect(usefulKeywords([' beach ', 'beach', 'IMG_1.JPG', 'sea\u0000'], '/p/a.jpg')).toEqual([
      'beach',
      'sea',
    ]);
  });
});

describe('file keywords at ingest', () => {
  it('only the useful keywords of a photo and its sidecar become tags', async () => {
    const t = openTestCore();
    try {
      const photo = path.join(t.photos, 'IMG_0815.jpg');
      await writeColourPhoto(photo, colours.green, 3);
      await exiftool.write(
        photo,
        { Keywords: ['.jpg', 'Hund', 'IMG_0815', 'SN 0412345678', '2019'] },
        { writeArgs: ['-overwrite_original'] },
      );
      writeFileSync(
        `${photo}.xmp`,
        `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag><rdf:li>Omas Garten</rdf:li><rdf:li>IMG_0815.JPG</rdf:li><rdf:li>0412345678</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`,
      );
      await t.core.library.index([t.photos], false);
      const id = t.core.db.db
        .prepare('SELECT photo_id FROM files WHERE path = ?')
        .pluck()
        .get(photo) as number;
      const userTags = t.core.tags
        .photoTags(id, 'en')
        .filter((x) => x.source === 'user')
        .map((x) => x.name)
        .sort();
      expect(userTags).toEqual(['Hund', 'Omas Garten']);
      expect(t.core.tags.list('en').map((x) => x.key)).not.toContain('.jpg');
    } finally {
      await t.close();
    }
  }, 60_000);
});
