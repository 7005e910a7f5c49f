/**
 * @file A small family library of real faces for person search: LFW portraits from
 * ../shared/data/faces re-encoded with EXIF dates, one photo of two people side by side, and
 * one face small on a red background (what test-tiny sees as red), plus a red photo without a
 * face. Written into a test's temporary folder, never into the repository.
 */
import path from 'node:path';
import sharp from 'sharp';
import { colours, writeColourPhoto } from './colour-photos';
import { sharedData } from './face-descriptors';

const lfw = (identity: string, n: number) =>
  path.join(
    sharedData,
    'faces/lfw_krasserm',
    identity,
    `${identity}_${String(n).padStart(4, '0')}.jpg`,
  );
const exif = (date: string) => ({ IFD2: { DateTimeOriginal: `${date} 12:00:00` } });

/** Photos per identity in the library (each in its file name), for tests to check results. */
export const peoplePhotos = {
  /** Colin Powell: 2019 ×4 (a portrait, one with Blair, one on red), 2021 ×1. */
  powell: [
    'powell-2019-05.jpg',
    'powell-2019-08.jpg',
    'powell-2021-03.jpg',
    'powell-blair-2019-07.jpg',
    'powell-red-2019-10.jpg',
  ],
  /** Tony Blair: 2021 ×1 and the one with Powell (2019). */
  blair: ['blair-2021-06.jpg', 'powell-blair-2019-07.jpg'],
  /** Vladimir Putin: 2018, 2019, 2020. */
  putin: ['putin-2018-02.jpg', 'putin-2019-04.jpg', 'putin-2020-09.jpg'],
  /** George W. Bush: one photo (2020), a person with a single face. */
  bush: ['bush-2020-01.jpg'],
} as const;
export type Identity = keyof typeof peoplePhotos;

/** Which identity's photo `file` is (from its name); the faceless red photo is none's. */
export const identityOfFile = (file: string): Identity | null =>
  (Object.keys(peoplePhotos) as Identity[]).find((id) =>
    (peoplePhotos[id] as readonly string[]).includes(path.basename(file)),
  ) ?? null;

async function portrait(from: string, to: string, date: string): Promise<void> {
  await sharp(from).withExif(exif(date)).jpeg({ quality: 92 }).toFile(to);
}

/** Writes the library into `dir` (which must exist). */
export async function writePeoplePhotos(dir: string): Promise<void> {
  const at = (name: string) => path.join(dir, name);
  await portrait(lfw('Colin_Powell', 1), at('powell-2019-05.jpg'), '2019:05:10');
  await portrait(lfw('Colin_Powell', 2), at('powell-2019-08.jpg'), '2019:08:10');
  await portrait(lfw('Colin_Powell', 3), at('powell-2021-03.jpg'), '2021:03:10');
  await portrait(lfw('Tony_Blair', 1), at('blair-2021-06.jpg'), '2021:06:10');
  await portrait(lfw('Vladimir_Putin', 1), at('putin-2018-02.jpg'), '2018:02:10');
  await portrait(lfw('Vladimir_Putin', 2), at('putin-2019-04.jpg'), '2019:04:10');
  await portrait(lfw('Vladimir_Putin', 3), at('putin-2020-09.jpg'), '2020:09:10');
  await portrait(lfw('George_W_Bush', 1), at('bush-2020-01.jpg'), '2020:01:10');
  // Two people in one photo: the two 250×250 portraits side by side.
  await sharp({ create: { width: 500, height: 250, channels: 3, background: '#000' } })
    .composite([
      { input: lfw('Colin_Powell', 4), left: 0, top: 0 },
      { input: lfw('Tony_Blair', 2), left: 250, top: 0 },
    ])
    .withExif(exif('2019:07:10'))
    .jpeg({ quality: 92 })
    .toFile(at('powell-blair-2019-07.jpg'));
  // A face on a large red ground: red by meaning, and Powell.
  const [r, g, b] = colours.red;
  await sharp({ create: { width: 900, height: 700, channels: 3, background: { r, g, b } } })
    .composite([{ input: lfw('Colin_Powell', 6), left: 40, top: 40 }])
    .withExif(exif('2019:10:10'))
    .jpeg({ quality: 92 })
    .toFile(at('powell-red-2019-10.jpg'));
  await writeColourPhoto(at('red-2019-11.jpg'), colours.red, 3, { date: '2019:11:10 12:00:00' });
}
