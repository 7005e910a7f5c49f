/**
 * Names from other apps ([Note: Face regions from other apps]) through the real core, the real
 * worker and the shipped face models: LFW portraits copied into a temporary folder get named
 * regions written by exiftool as Lightroom/digiKam (MWG, embedded and in a sidecar) and Windows
 * (Microsoft MP) write them, one on a photo stored sideways with EXIF orientation 6. The persons
 * come out named; the user's later decisions win; a rebuilt database keeps it all; the opt-in
 * sidecar writing round-trips through exiftool, and writes nothing while it is off.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { WriteTags } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../app-handlers';
import { openCoreAt, openTestCore, type TestCore } from '../../../test/helpers/test-core';
import { runFotoglot } from '../../../test/helpers/cli';
import { sharedData } from '../../../test/helpers/face-descriptors';
import { jobKind } from '../jobs/job-queue';
import { iou, type Box } from '../people/face-ref';
import { readMetadataFromBuffer } from '../library/read-metadata';
import { facesStage } from './face-stage';

let t: TestCore;
let handlers: Handlers;
const kind = jobKind(facesStage);
const lfw = (id: string, n: string) =>
  path.join(sharedData, 'faces/lfw_krasserm', id, `${id}_${n}.jpg`);
const photo = (name: string) => path.join(t.photos, name);

/** A region around where LFW's aligned crops have the face, as an app's user would draw it. */
const faceArea = { X: 0.5, Y: 0.45, W: 0.35, H: 0.45, Unit: 'normalized' };

async function write(file: string, tags: WriteTags, args: string[] = ['-overwrite_original']) {
  const { exiftool } = await import('exiftool-vendored');
  await exiftool.write(file, tags, { writeArgs: args });
}
async function readTags(file: string): Promise<Record<string, unknown>> {
  const { exiftool } = await import('exiftool-vendored');
  return exiftool.read<Record<string, unknown>>(file);
}

const list = () => handlers['people:list'](undefined);
const named = async (name: string) => (await list()).persons.find((p) => p.name === name);
const photoId = (file: string) =>
  t.core.db.db
    .prepare('SELECT photo_id FROM files WHERE path = ?')
    .pluck()
    .get(photo(file)) as number;
/** The face of the photo (each portrait has one big face; bystanders are smaller). */
function faceOf(file: string) {
  const faces = t.core.people.photoFaces(photoId(file));
  return [...faces].sort((a, b) => b.w * b.h - a.w * a.h)[0];
}
async function findFacesAgain() {
  t.core.db.db.prepare(`UPDATE jobs SET state = 'pending' WHERE kind = ?`).run(kind);
  await t.core.pipeline.afterIngest();
}

beforeAll(async () => {
  t = openTestCore();
  handlers = createHandlers(t.core);
  for (const n of ['0001', '0002', '0003']) {
    copyFileSync(lfw('Colin_Powell', n), photo(`Colin_Powell_${n}.jpg`));
    copyFileSync(lfw('Tony_Blair', n), photo(`Tony_Blair_${n}.jpg`));
  }
  for (const n of ['0002', '0003'])
    copyFileSync(lfw('Vladimir_Putin', n), photo(`Vladimir_Putin_${n}.jpg`));
  // Lightroom/digiKam: MWG in the file, and a region where nobody's face is.
  await write(photo('Colin_Powell_0001.jpg'), {
    RegionInfo: {
      AppliedToDimensions: { W: 250, H: 250, Unit: 'pixel' },
      RegionList: [
        { Area: faceArea, Name: 'Colin Powell', Type: 'Face' },
        {
          Area: { X: 0.06, Y: 0.06, W: 0.08, H: 0.08, Unit: 'normalized' },
          Name: 'Ghost',
          Type: 'Face',
        },
      ],
    },
  });
  // Windows Photo Gallery: top-left rectangle, the name in other letter case.
  await write(photo('Colin_Powell_0002.jpg'), {
    RegionInfoMP: {
      Regions: [{ PersonDisplayName: 'COLIN POWELL', Rectangle: '0.325, 0.225, 0.35, 0.45' }],
    },
  });
  // A sidecar written by another app, with a keyword and a pet region besides the face.
  await write(
    `${photo('Tony_Blair_0001.jpg')}.xmp`,
    {
      Subject: ['holiday'],
      RegionInfo: {
        RegionList: [
          { Area: faceArea, Name: 'Tony Blair', Type: 'Face' },
          {
            Area: { X: 0.1, Y: 0.9, W: 0.1, H: 0.1, Unit: 'normalized' },
            Name: 'Rex',
            Type: 'Pet',
          },
        ],
      },
    },
    [],
  );
  // A phone photo stored sideways (EXIF orientation 6: shown turned a quarter clockwise); its
  // region is on the stored pixels, as MWG says: the upright face area turned back.
  await sharp(lfw('Vladimir_Putin', '0001'))
    .rotate(-90)
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 95 })
    .toFile(photo('putin-turned.jpg'));
  await write(photo('putin-turned.jpg'), {
    RegionInfo: {
      AppliedToDimensions: { W: 250, H: 250, Unit: 'pixel' },
      RegionList: [
        {
          Area: { X: 0.45, Y: 0.5, W: 0.45, H: 0.35, Unit: 'normalized' },
          Name: 'Владимир Путин',
          Type: 'Face',
        },
      ],
    },
  });
  await t.core.library.index([t.photos], false);
}, 240_000);

afterAll(async () => {
  const { exiftool } = await import('exiftool-vendored');
  await exiftool.end();
  await t.close();
});

describe('names from other apps', () => {
  it('names the persons the files name, case and accents aside, and counts a region with no face', async () => {
    const people = await list();
    const byName = Object.fromEntries(people.persons.map((p) => [p.name ?? '', p.photos]));
    // The third photo of each has no region: clustering puts it with the two named faces.
    expect(byName).toMatchObject({ 'Tony Blair': 3, 'Владимир Путин': 3 });
    // "Colin Powell" and "COLIN POWELL" are one person, named as the first file read has it.
    const powell = people.persons.filter((p) => p.name?.toLowerCase() === 'colin powell');
    expect(powell.map((p) => p.photos)).toEqual([3]);
    expect(people.regionsWithoutFace).toEqual([{ name: 'Ghost', photos: 1 }]);
    // The sideways photo's face is the named one: its region was turned with the photo.
    const putin = await named('Владимир Путин');
    expect(t.core.people.personPhotos(putin?.id ?? 0)).toContain(photoId('putin-turned.jpg'));
  });

  it("lets the user's later decisions win, through the faces being found again", async () => {
    const powell = (await list()).persons.find((p) => p.name?.toLowerCase() === 'colin powell');
    await handlers['people:name']({ id: powell?.id ?? 0, name: 'Gen. Colin Powell' });
    const blair = await named('Tony Blair');
    const face = faceOf('Tony_Blair_0001.jpg');
    t.core.people.notThisPerson([face?.id ?? 0], blair?.id ?? 0);
    // Writing named faces is off: no sidecar appears.
    expect(existsSync(`${photo('Colin_Powell_0001.jpg')}.xmp`)).toBe(false);
    await findFacesAgain();
    const people = await list();
    const names = people.persons.map((p) => p.name);
    expect(names).toContain('Gen. Colin Powell');
    expect(names).not.toContain('Colin Powell');
    expect((await named('Gen. Colin Powell'))?.photos).toBe(3);
    expect(faceOf('Tony_Blair_0001.jpg')?.person_id).not.toBe(blair?.id);
    expect(existsSync(`${photo('Colin_Powell_0001.jpg')}.xmp`)).toBe(false);
  }, 120_000);

  it('writes named faces to the sidecars when asked, merged, and exiftool reads them back', async () => {
    t.core.updateSettings({ xmpWriteFaces: true });
    const powell = await named('Gen. Colin Powell');
    await handlers['people:name']({ id: powell?.id ?? 0, name: 'Colin L. Powell' });
    for (const n of ['0001', '0002', '0003']) {
      const face = faceOf(`Colin_Powell_${n}.jpg`);
      for (const sidecar of [`Colin_Powell_${n}.jpg.xmp`, `Colin_Powell_${n}.xmp`]) {
        const info = (await readTags(photo(sidecar))).RegionInfo as {
          AppliedToDimensions: { W: number; H: number };
          RegionList: {
            Name: string;
            Type: string;
            Area: { X: number; Y: number; W: number; H: number };
          }[];
        };
        expect(info.AppliedToDimensions).toMatchObject({ W: 250, H: 250 });
        expect(info.RegionList).toHaveLength(1);
        const [r] = info.RegionList;
        expect(r).toMatchObject({ Name: 'Colin L. Powell', Type: 'Face' });
        // Centre-based, as MWG has it: the face's own box.
        const f = face ?? { x: 0, y: 0, w: 0, h: 0 };
        expect(r?.Area.X).toBeCloseTo(f.x + f.w / 2, 4);
        expect(r?.Area.Y).toBeCloseTo(f.y + f.h / 2, 4);
        expect(r?.Area.W).toBeCloseTo(f.w, 4);
      }
    }
    // The sideways photo: written on the stored pixels again, where its region was.
    const putin = await named('Владимир Путин');
    await handlers['people:name']({ id: putin?.id ?? 0, name: 'Vladimir Putin' });
    const info = (await readTags(`${photo('putin-turned.jpg')}.xmp`)).RegionInfo as {
      RegionList: { Name: string; Area: { X: number; Y: number; W: number; H: number } }[];
    };
    expect(info.RegionList.map((r) => r.Name)).toEqual(['Vladimir Putin']);
    const a = info.RegionList[0]?.Area ?? { X: 0, Y: 0, W: 0, H: 0 };
    const written: Box = [a.X - a.W / 2, a.Y - a.H / 2, a.W, a.H];
    expect(iou(written, [0.45 - 0.225, 0.5 - 0.175, 0.45, 0.35])).toBeGreaterThan(0.3);
    // And Fotoglot reads it back onto the face it came from.
    const file = photo('putin-turned.jpg');
    const meta = await readMetadataFromBuffer(readFileSync(file), file, statSync(file).mtimeMs);
    const sideways = meta.faceRegions.find((r) => r.name === 'Vladimir Putin');
    expect(sideways).toBeDefined();
  }, 120_000);

  it('merges into a sidecar another app wrote: its keyword and pet stay, the face is renamed', async () => {
    // Blair's face in this photo was "not Tony Blair" by the user; they now put it back.
    const blair = await named('Tony Blair');
    const face = faceOf('Tony_Blair_0001.jpg');
    t.core.people.move([face?.id ?? 0], blair?.id ?? 0);
    await handlers['people:name']({ id: blair?.id ?? 0, name: 'Tony Blair (PM)' });
    const tags = await readTags(`${photo('Tony_Blair_0001.jpg')}.xmp`);
    expect(tags.Subject).toEqual(['holiday']);
    const regions = (tags.RegionInfo as { RegionList: { Name: string; Type: string }[] })
      .RegionList;
    expect(regions.map((r) => [r.Name, r.Type]).sort()).toEqual([
      ['Rex', 'Pet'],
      ['Tony Blair (PM)', 'Face'],
    ]);
  }, 60_000);

  it('keeps the names from the files and from the user through a rebuilt database', async () => {
    const home = t.core.home;
    await t.core.dispose();
    rmSync(path.join(home, 'backups'), { recursive: true, force: true });
    const fd = openSync(path.join(home, 'library.db'), 'r+');
    writeSync(fd, Buffer.alloc(100, 0xab), 0, 100, 0);
    closeSync(fd);
    const core = openCoreAt(home);
    t = { ...t, core };
    handlers = createHandlers(core);
    expect(core.recovery).toMatchObject({ restoredFrom: null });
    await core.library.index([t.photos], false);
    const people = await list();
    const byName = Object.fromEntries(people.persons.map((p) => [p.name ?? '', p.photos]));
    expect(byName).toMatchObject({
      'Colin L. Powell': 3,
      'Vladimir Putin': 3,
      'Tony Blair (PM)': 3,
    });
    for (const old of [
      'Colin Powell',
      'COLIN POWELL',
      'Gen. Colin Powell',
      'Владимир Путин',
      'Tony Blair',
    ])
      expect(Object.keys(byName)).not.toContain(old);
    expect(people.regionsWithoutFace).toEqual([{ name: 'Ghost', photos: 1 }]);
  }, 240_000);

  it('`fotoglot people write-sidecars` writes the names given before writing was on', async () => {
    const home = t.core.home;
    t.core.updateSettings({ xmpWriteFaces: false });
    await t.core.dispose();
    rmSync(`${photo('putin-turned.jpg')}.xmp`);
    const run = await runFotoglot(['people', 'write-sidecars', '--home', home]);
    expect(run.code, run.stderr).toBe(0);
    // Every file with a confirmed named face, the removed sidecar among them.
    expect(run.stdout).toMatch(/Named faces written to the sidecars of \d+ files\./);
    const info = (await readTags(`${photo('putin-turned.jpg')}.xmp`)).RegionInfo as {
      RegionList: { Name: string }[];
    };
    expect(info.RegionList.map((r) => r.Name)).toEqual(['Vladimir Putin']);
    t = { ...t, core: openCoreAt(home) };
  }, 120_000);
});
