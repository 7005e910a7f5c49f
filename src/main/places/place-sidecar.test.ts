/**
 * GPS in XMP sidecars, both ways, through the real core, the shipped place database and
 * exiftool: a sidecar's position is read and wins over the file's EXIF ([Note: GPS in
 * sidecars]), a broken one never takes a good position away; with place writing on, a place the
 * user sets goes to the sidecars and exiftool reads it back, the photo's bytes unchanged
 * ([Note: Place sidecars]); with it off, no sidecar appears.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../app-handlers';
import { xmpCoordinate } from '../library/read-metadata';
import { sharedData } from '../../../test/helpers/face-descriptors';
import {
  colours,
  openTestCore,
  writeColourPhoto,
  type TestCore,
} from '../../../test/helpers/test-core';
import { xmpGps } from './place-sidecar';

const gpsPhotos = path.join(sharedData, 'photos/exif-samples/jpg/gps');
const exiftool = new ExifTool({ maxProcs: 1 });
let t: TestCore;
let handlers: Handlers;

/** GeoNames ids. */
const arezzo = 3182884;
const paris = 2988507;
const rome = 3169070;

const id = (name: string) => t.core.library.resolvePhoto({ path: path.join(t.photos, name) }).id;
const place = async (name: string) => (await handlers['photos:get']({ id: id(name) })).place;
const townOf = (name: string) =>
  t.core.db.db.prepare('SELECT town FROM photo_places WHERE photo_id = ?').pluck().get(id(name));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  t = openTestCore();
  handlers = createHandlers(t.core);
  await handlers['settings:set']({ language: 'en' });
  // Arezzo in EXIF, Paris in the sidecar (a geotagger's correction): the sidecar wins.
  copyFileSync(path.join(gpsPhotos, 'DSCN0012.jpg'), path.join(t.photos, 'corrected.jpg'));
  await exiftool.write(
    path.join(t.photos, 'corrected.jpg.xmp'),
    { 'XMP-exif:GPSLatitude': 48.8566, 'XMP-exif:GPSLongitude': 2.3522 } as never,
    { writeArgs: ['-overwrite_original'] },
  );
  // Arezzo in EXIF, garbage in the sidecar: EXIF stays.
  copyFileSync(path.join(gpsPhotos, 'DSCN0042.jpg'), path.join(t.photos, 'garbage.jpg'));
  writeFileSync(
    path.join(t.photos, 'garbage.jpg.xmp'),
    xmp(
      '<exif:GPSLatitude>north-ish</exif:GPSLatitude><exif:GPSLongitude>95,99W</exif:GPSLongitude>',
    ),
  );
  // No EXIF position; Rome in Lightroom's base-name sidecar, written as decimal degrees.
  await writeColourPhoto(path.join(t.photos, 'scan.jpg'), colours.red, 1);
  writeFileSync(
    path.join(t.photos, 'scan.xmp'),
    xmp(
      '<exif:GPSLatitude>41.8933</exif:GPSLatitude><exif:GPSLongitude>12.4829</exif:GPSLongitude>',
    ),
  );
  // No EXIF position, "null island" in the sidecar: no place.
  await writeColourPhoto(path.join(t.photos, 'null-island.jpg'), colours.green, 2);
  writeFileSync(
    path.join(t.photos, 'null-island.jpg.xmp'),
    xmp('<exif:GPSLatitude>0,0.0N</exif:GPSLatitude><exif:GPSLongitude>0,0.0E</exif:GPSLongitude>'),
  );
  // "Null island" in EXIF (a GPS unit without a fix): no place; with a sidecar's position, that one.
  for (const [name, seed] of [
    ['exif-null-island.jpg', 6],
    ['exif-null-island-tagged.jpg', 7],
  ] as const) {
    await writeColourPhoto(path.join(t.photos, name), colours.blue, seed);
    await exiftool.write(
      path.join(t.photos, name),
      { GPSLatitude: 0, GPSLatitudeRef: 'N', GPSLongitude: 0, GPSLongitudeRef: 'E' },
      { writeArgs: ['-overwrite_original'] },
    );
  }
  writeFileSync(
    path.join(t.photos, 'exif-null-island-tagged.jpg.xmp'),
    xmp(
      '<exif:GPSLatitude>48,51.396N</exif:GPSLatitude><exif:GPSLongitude>2,21.132E</exif:GPSLongitude>',
    ),
  );
  for (const [name, colour, seed] of [
    ['set-off.jpg', colours.blue, 3],
    ['set-on.jpg', colours.yellow, 4],
    ['set-merge.jpg', colours.red, 5],
  ] as const)
    await writeColourPhoto(path.join(t.photos, name), colour, seed);
  writeFileSync(
    path.join(t.photos, 'set-merge.jpg.xmp'),
    xmp('<dc:subject><rdf:Bag><rdf:li>Urlaub</rdf:li></rdf:Bag></dc:subject>'),
  );
  await t.core.library.index([t.photos], false);
  await t.core.places.run();
}, 120_000);
afterAll(async () => {
  await exiftool.end();
  await t.close();
});

function xmp(body: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
${body}
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
}

describe('GPS in XMP sidecars is read', () => {
  it('a sidecar position disagreeing with EXIF wins, and the place says it came from the sidecar', async () => {
    expect(townOf('corrected.jpg')).toBe(paris);
    expect(await place('corrected.jpg')).toMatchObject({ country: 'France', source: 'sidecar' });
  });

  it('a garbage sidecar position is no position: the EXIF one stays, never a wrong country', async () => {
    expect(townOf('garbage.jpg')).toBe(arezzo);
    expect(await place('garbage.jpg')).toMatchObject({ country: 'Italy', source: 'gps' });
  });

  it('reads the base-name sidecar and decimal degrees; 0,0 in a sidecar is no place', async () => {
    expect(townOf('scan.jpg')).toBe(rome);
    expect(await place('scan.jpg')).toMatchObject({ source: 'sidecar' });
    expect(await place('null-island.jpg')).toBeNull();
  });

  it('"null island" in EXIF is no position (no place, never a country at 0, 0); a sidecar gives it one', async () => {
    expect(await place('exif-null-island.jpg')).toBeNull();
    expect(townOf('exif-null-island-tagged.jpg')).toBe(paris);
    expect(await place('exif-null-island-tagged.jpg')).toMatchObject({ source: 'sidecar' });
  });

  it('parses the XMP coordinate forms and refuses the rest', () => {
    expect(xmpCoordinate('48,51.396N', 'S')).toBeCloseTo(48.8566, 4);
    expect(xmpCoordinate('2,21,7.92W', 'W')).toBeCloseTo(-2.3522, 4);
    expect(xmpCoordinate('-33.8688', 'S')).toBeCloseTo(-33.8688, 4);
    expect(xmpCoordinate('33,51.2S', 'S')).toBeCloseTo(-33.8533, 4);
    for (const bad of ['north-ish', '48,75N', '', '1,2.5,3N', 'NaN', null, {}])
      expect(xmpCoordinate(bad, 'S')).toBeNull();
  });
});

describe('writing the places the user sets to sidecars (opt-in)', () => {
  it('with the setting off (the default), setting a place writes no sidecar', async () => {
    expect((await handlers['settings:get'](undefined)).xmpWritePlaces).toBe(false);
    await handlers['places:set']({ ids: [id('set-off.jpg')], to: { town: paris } });
    expect(townOf('set-off.jpg')).toBe(paris);
    expect(existsSync(path.join(t.photos, 'set-off.jpg.xmp'))).toBe(false);
    expect(existsSync(path.join(t.photos, 'set-off.xmp'))).toBe(false);
  });

  it('with it on, the position goes to both sidecars (exiftool reads it back), never into the photo', async () => {
    await handlers['settings:set']({ xmpWritePlaces: true });
    const photo = path.join(t.photos, 'set-on.jpg');
    const before = sha(photo);
    await handlers['places:set']({ ids: [id('set-on.jpg')], to: { lat: -33.8568, lon: 151.2153 } });
    expect(sha(photo)).toBe(before);
    for (const sidecar of ['set-on.jpg.xmp', 'set-on.xmp']) {
      const tags = await exiftool.read(path.join(t.photos, sidecar));
      expect(tags.GPSLatitude).toBeCloseTo(-33.8568, 5);
      expect(tags.GPSLongitude).toBeCloseTo(151.2153, 5);
    }
    const own = await exiftool.read(photo);
    expect(own.GPSLatitude).toBeUndefined();
  });

  it('merges into an existing sidecar, keeping what another program put there', async () => {
    await handlers['places:set']({ ids: [id('set-merge.jpg')], to: { town: rome } });
    const tags = (await exiftool.read(path.join(t.photos, 'set-merge.jpg.xmp'))) as {
      GPSLatitude?: number;
      Subject?: string | string[];
    };
    expect(tags.GPSLatitude).toBeCloseTo(41.89, 1);
    expect([tags.Subject].flat()).toContain('Urlaub');
  });

  it("the sidecar Fotoglot wrote is read back as the photo's position when it is indexed again", async () => {
    const photo = path.join(t.photos, 'set-on.jpg');
    const meta = await import('../library/read-metadata').then((m) =>
      m.readMetadataFromBuffer(readFileSync(photo), photo, 0),
    );
    expect(meta).toMatchObject({ gpsSource: 'sidecar' });
    expect(meta.gpsLat).toBeCloseTo(-33.8568, 5);
    expect(meta.gpsLon).toBeCloseTo(151.2153, 5);
  });

  it('writes XMP coordinates as degrees and decimal minutes with the hemisphere', () => {
    expect(xmpGps(-33.8568, 'N', 'S')).toBe('33,51.408000S');
    expect(xmpGps(151.2153, 'E', 'W')).toBe('151,12.918000E');
  });
});
