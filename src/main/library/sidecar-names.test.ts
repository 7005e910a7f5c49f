/**
 * Sidecar names by both conventions (see [Note: XMP sidecars]): `photo.jpg.xmp` always,
 * `photo.xmp` only for the file that owns the base name, so a JPEG and a raw sharing it never
 * write into each other's sidecar; reading takes keywords from both of a photo's sidecars.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exiftool } from 'exiftool-vendored';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { colours, writeColourPhoto } from '../../../test/helpers/colour-photos';
import { writeSidecarKeywords } from '../tagging/xmp-sidecar';
import { readMetadataFromBuffer } from './read-metadata';
import { sidecarNamesFor } from './sidecar-names';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-sidecars-'));
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
});
afterAll(async () => {
  await exiftool.end();
});

const sidecar = (keywords: string[]) =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="3"><dc:subject><rdf:Bag>${keywords.map((k) => `<rdf:li>${k}</rdf:li>`).join('')}</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`;
const keywordsOf = async (file: string) =>
  (await readMetadataFromBuffer(readFileSync(file), file, 0)).keywords.sort();
const kw = (name: string) => ({ name, hierarchy: name });

describe('sidecarNamesFor', () => {
  it('a photo alone owns both names', () => {
    expect(sidecarNamesFor('IMG_1.jpg', ['IMG_1.jpg', 'IMG_2.jpg'])).toEqual({
      full: 'IMG_1.jpg.xmp',
      base: 'IMG_1.xmp',
    });
  });

  it('a raw and a JPEG sharing a base name: the raw owns photo.xmp, the JPEG only photo.jpg.xmp', () => {
    const names = ['IMG_1.JPG', 'IMG_1.CR2', 'IMG_1.xmp'];
    expect(sidecarNamesFor('IMG_1.CR2', names)).toEqual({
      full: 'IMG_1.CR2.xmp',
      base: 'IMG_1.xmp',
    });
    expect(sidecarNamesFor('IMG_1.JPG', names)).toEqual({ full: 'IMG_1.JPG.xmp', base: null });
  });

  it('two non-raw photos sharing a base name: neither writes the shared name', () => {
    const names = ['a.jpg', 'a.png'];
    expect(sidecarNamesFor('a.jpg', names).base).toBeNull();
    expect(sidecarNamesFor('a.png', names).base).toBeNull();
  });

  it('sidecars and other non-photo files do not count as sharing', () => {
    expect(sidecarNamesFor('a.jpg', ['a.jpg', 'a.xmp', 'a.jpg.xmp', 'a.txt']).base).toBe('a.xmp');
  });
});

describe('writing and reading sidecars', () => {
  it('writes photo.jpg.xmp and photo.xmp for a photo alone, readable by exiftool', async () => {
    const photo = path.join(dir, 'beach.jpg');
    await writeColourPhoto(photo, colours.blue, 1);
    const written = await writeSidecarKeywords(photo, [kw('sea')], exiftool);
    expect(written.map((p) => path.basename(p))).toEqual(['beach.jpg.xmp', 'beach.xmp']);
    for (const file of written) expect((await exiftool.read(file)).Subject).toEqual(['sea']);
    expect(readdirSync(dir).sort()).toEqual(['beach.jpg', 'beach.jpg.xmp', 'beach.xmp']);
  });

  it('merges into a Lightroom photo.xmp, keeping what was there', async () => {
    const photo = path.join(dir, 'beach.jpg');
    await writeColourPhoto(photo, colours.blue, 1);
    writeFileSync(path.join(dir, 'beach.xmp'), sidecar(['Lightroom']));
    await writeSidecarKeywords(photo, [kw('sea')], exiftool);
    const lr = await exiftool.read(path.join(dir, 'beach.xmp'));
    expect(lr.Subject).toEqual(['Lightroom', 'sea']);
    expect(lr.Rating).toBe(3);
    expect((await exiftool.read(path.join(dir, 'beach.jpg.xmp'))).Subject).toEqual(['sea']);
  });

  it('a JPEG beside a raw of the same name never writes into the raw’s photo.xmp', async () => {
    const photo = path.join(dir, 'IMG_1.jpg');
    await writeColourPhoto(photo, colours.red, 2);
    writeFileSync(path.join(dir, 'IMG_1.cr2'), 'raw bytes');
    writeFileSync(path.join(dir, 'IMG_1.xmp'), sidecar(['raw only']));
    const written = await writeSidecarKeywords(photo, [kw('jpeg tag')], exiftool);
    expect(written.map((p) => path.basename(p))).toEqual(['IMG_1.jpg.xmp']);
    expect((await exiftool.read(path.join(dir, 'IMG_1.xmp'))).Subject).toEqual(['raw only']);
    // Reading back: the raw's sidecar is not the JPEG's.
    expect(await keywordsOf(photo)).toEqual(['jpeg tag']);
  });

  it('reads the user’s keywords from both conventions', async () => {
    const sub = path.join(dir, 'both');
    mkdirSync(sub);
    const photo = path.join(sub, 'cat.jpg');
    await writeColourPhoto(photo, colours.yellow, 3);
    writeFileSync(path.join(sub, 'cat.jpg.xmp'), sidecar(['from digiKam']));
    writeFileSync(path.join(sub, 'cat.xmp'), sidecar(['from Lightroom']));
    expect(await keywordsOf(photo)).toEqual(['from Lightroom', 'from digiKam']);
  });
});
