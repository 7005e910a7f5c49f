/**
 * Named face regions as other apps write them, read back by the ingest reader: MWG and Microsoft
 * regions written by exiftool into real JPEGs and a sidecar, the XML forms digiKam and Lightroom
 * use, and the EXIF orientation checked against the pixels sharp turns upright.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/face-descriptors';
import { combineRegions, displayedBox, orientBox, regionsOf, unorientBox } from './face-regions';
import { readMetadataFromBuffer } from './read-metadata';

const exiftool = new ExifTool({ maxProcs: 1 });
let dir = '';
const portrait = path.join(sharedData, 'faces/lfw_krasserm/Tony_Blair/Tony_Blair_0001.jpg');

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-regions-'));
});
afterAll(async () => {
  await exiftool.end();
  rmSync(dir, { recursive: true, force: true });
});

async function read(file: string) {
  return readMetadataFromBuffer(readFileSync(file), file, statSync(file).mtimeMs);
}

const near = (box: readonly number[], expected: readonly number[]) => {
  expect(box).toHaveLength(4);
  box.forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i] ?? NaN, 5);
  });
};

describe('reading named face regions', () => {
  it('reads MWG regions (centre-based) and skips pets and unnamed faces', async () => {
    const file = path.join(dir, 'mwg.jpg');
    copyFileSync(portrait, file);
    await exiftool.write(
      file,
      {
        RegionInfo: {
          AppliedToDimensions: { W: 250, H: 250, Unit: 'pixel' },
          RegionList: [
            {
              Area: { X: 0.5, Y: 0.45, W: 0.3, H: 0.4, Unit: 'normalized' },
              Name: 'Tony Blair',
              Type: 'Face',
            },
            {
              Area: { X: 0.2, Y: 0.8, W: 0.1, H: 0.1, Unit: 'normalized' },
              Name: 'Rex',
              Type: 'Pet',
            },
            { Area: { X: 0.8, Y: 0.2, W: 0.1, H: 0.1, Unit: 'normalized' }, Type: 'Face' },
          ],
        },
      },
      { writeArgs: ['-overwrite_original'] },
    );
    const { faceRegions } = await read(file);
    expect(faceRegions.map((r) => [r.name, r.source])).toEqual([['Tony Blair', 'mwg']]);
    near(faceRegions[0]?.box ?? [], [0.35, 0.25, 0.3, 0.4]);
    expect(faceRegions[0]?.appliedTo).toEqual({ w: 250, h: 250 });
  });

  it("reads Microsoft's regions (top-left based), and a sidecar's before the file's", async () => {
    const file = path.join(dir, 'mp.jpg');
    copyFileSync(portrait, file);
    await exiftool.write(
      file,
      {
        RegionInfoMP: {
          Regions: [
            { PersonDisplayName: 'Old Name', Rectangle: '0.35, 0.25, 0.3, 0.4' },
            { PersonDisplayName: 'Ann Other', Rectangle: '0.0, 0.0, 0.1, 0.1' },
          ],
        },
      },
      { writeArgs: ['-overwrite_original'] },
    );
    // A later rename of the same face, kept in the sidecar as digiKam does.
    await exiftool.write(`${file}.xmp`, {
      RegionInfo: {
        RegionList: [
          {
            Area: { X: 0.51, Y: 0.44, W: 0.3, H: 0.4, Unit: 'normalized' },
            Name: 'Tony Blair',
            Type: 'Face',
          },
        ],
      },
    });
    const { faceRegions } = await read(file);
    expect(faceRegions.map((r) => [r.name, r.source])).toEqual([
      ['Tony Blair', 'mwg'],
      ['Ann Other', 'mp'],
    ]);
    near(faceRegions[1]?.box ?? [], [0, 0, 0.1, 0.1]);
  });

  it('reads the attribute form digiKam and Lightroom write, entities and single items included', () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
        xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#">
       <mwg-rs:Regions rdf:parseType="Resource">
        <mwg-rs:AppliedToDimensions stDim:w="4000" stDim:h="3000" stDim:unit="pixel"/>
        <mwg-rs:RegionList><rdf:Bag><rdf:li><rdf:Description mwg-rs:Name="Ben &amp; Jerry" mwg-rs:Type="Face">
         <mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.2" stArea:h="0.2" stArea:unit="normalized"/>
        </rdf:Description></rdf:li></rdf:Bag></mwg-rs:RegionList>
       </mwg-rs:Regions></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const file = path.join(dir, 'attr.jpg');
    copyFileSync(portrait, file);
    writeFileSync(`${file}.xmp`, xmp);
    return read(file).then(({ faceRegions }) => {
      expect(faceRegions.map((r) => r.name)).toEqual(['Ben & Jerry']);
      near(faceRegions[0]?.box ?? [], [0.4, 0.4, 0.2, 0.2]);
      expect(faceRegions[0]?.appliedTo).toEqual({ w: 4000, h: 3000 });
    });
  });

  it('ignores regions that are not regions', () => {
    expect(
      regionsOf({ Regions: 'junk', RegionInfo: { Regions: [{ Rectangle: 'a, b' }] } }),
    ).toEqual([]);
    expect(
      regionsOf({ Regions: { RegionList: { Name: 'X', Area: { x: 2, y: 2, w: 0.1, h: 0.1 } } } }),
    ).toEqual([]);
  });

  it('keeps one region per face, the first source winning', () => {
    const a = {
      name: 'A',
      box: [0.1, 0.1, 0.2, 0.2] as const,
      source: 'mwg' as const,
      appliedTo: null,
    };
    const b = { ...a, name: 'B', box: [0.11, 0.1, 0.2, 0.2] as const };
    const c = { ...a, name: 'C', box: [0.6, 0.6, 0.2, 0.2] as const };
    expect(combineRegions([[a], [b, c]]).map((r) => r.name)).toEqual(['A', 'C']);
  });
});

describe('orientation', () => {
  /**
   * A 40×20 stored image, black with one white block at a known stored box, given EXIF
   * orientation `o`; sharp turns it upright as ingest does; the block is found in the pixels.
   */
  async function blockShown(o: number): Promise<number[]> {
    const [W, H] = [40, 20];
    const pixels = Buffer.alloc(W * H * 3);
    for (let y = 2; y < 8; y++)
      for (let x = 4; x < 14; x++) pixels.fill(255, (y * W + x) * 3, (y * W + x) * 3 + 3);
    const jpeg = await sharp(pixels, { raw: { width: W, height: H, channels: 3 } })
      .png()
      .withMetadata({ orientation: o })
      .toBuffer();
    const { data, info } = await sharp(jpeg).rotate().raw().toBuffer({ resolveWithObject: true });
    let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++)
        if ((data[(y * info.width + x) * info.channels] ?? 0) > 128) {
          [x0, y0] = [Math.min(x0, x), Math.min(y0, y)];
          [x1, y1] = [Math.max(x1, x + 1), Math.max(y1, y + 1)];
        }
    return [x0 / info.width, y0 / info.height, (x1 - x0) / info.width, (y1 - y0) / info.height];
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'moves a stored-frame box where orientation %i shows it',
    async (o) => {
      const stored = [4 / 40, 2 / 20, 10 / 40, 6 / 20] as const;
      near(orientBox(stored, o), await blockShown(o));
      near(unorientBox(orientBox(stored, o), o), stored);
    },
  );

  it('takes as they are the regions of an app that drew on the displayed image', () => {
    const r = { name: 'A', box: [0.1, 0.2, 0.3, 0.4] as const, source: 'mwg' as const };
    const shown = { width: 3000, height: 4000 };
    near(displayedBox({ ...r, appliedTo: { w: 3000, h: 4000 } }, 6, shown), r.box);
    near(displayedBox({ ...r, appliedTo: { w: 4000, h: 3000 } }, 6, shown), orientBox(r.box, 6));
    near(displayedBox({ ...r, appliedTo: null }, 6, shown), orientBox(r.box, 6));
  });
});
