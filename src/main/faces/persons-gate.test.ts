/**
 * The gate of [Note: Persons] with the shipped face models, through the real core (ingest,
 * the faces stage, the persons core on the real database with sqlite-vec) on photos of
 * ../shared/data/faces that made wrong persons before it: two tight greyscale TV crops of two
 * people (Howard and Stuart) closer than the clustering threshold, both faces the detector is
 * unsure of; and two single portraits of two people (Lin-Manuel Miranda, Stéfan van der Walt)
 * at its edge. They stay apart, while an unsure face (Howard's fourth crop) still joins the
 * person his three other crops make, and a face left apart is still offered ("Is this Howard?").
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dot } from '../../shared/vector-math';
import { FaceVectors } from '../embeddings/face-vectors';
import { openTestCore, type TestCore } from '../../../test/helpers/test-core';
import { sharedData } from '../../../test/helpers/face-descriptors';
import { faceGate, faceModelId, faceThreshold } from './face-stage';

const photos = {
  howard1: 'face-api.js/howard/howard1.png',
  howard2: 'face-api.js/howard/howard2.png',
  howard3: 'face-api.js/howard/howard3.png',
  howard4: 'face-api.js/howard/howard4.png',
  howard5: 'face-api.js/howard/howard5.png',
  stuart5: 'face-api.js/stuart/stuart5.png',
  miranda: 'face_recognition/lin_manuel_miranda/lin-manuel-miranda.png',
  stefan: 'skimage-tutorials/stefan/stefan.jpg',
  powell1: 'lfw_krasserm/Colin_Powell/Colin_Powell_0001.jpg',
  powell2: 'lfw_krasserm/Colin_Powell/Colin_Powell_0002.jpg',
  powell3: 'lfw_krasserm/Colin_Powell/Colin_Powell_0003.jpg',
};
type Name = keyof typeof photos;
const identity = (name: Name) => name.replace(/\d+$/, '');

let t: TestCore;
/** Each photo's one face (every photo here shows one person). */
const faceOf = new Map<Name, { id: number; person: number | null; score: number }>();

beforeAll(async () => {
  t = openTestCore();
  for (const [name, rel] of Object.entries(photos))
    copyFileSync(
      path.join(sharedData, 'faces', rel),
      path.join(t.photos, `${name}${path.extname(rel)}`),
    );
  await t.core.library.index([t.photos], false);
  for (const name of Object.keys(photos) as Name[]) {
    const photoId = t.core.db.db
      .prepare('SELECT photo_id FROM files WHERE path LIKE ?')
      .pluck()
      .get(`%${path.sep}${name}.%`) as number;
    const faces = t.core.people.photoFaces(photoId).filter((f) => f.recognisable === 1);
    expect(faces, name).toHaveLength(1);
    const [face] = faces;
    if (face) faceOf.set(name, { id: face.id, person: face.person_id, score: face.score });
  }
}, 180_000);
afterAll(async () => {
  await t.close();
});

const face = (name: Name) => {
  const f = faceOf.get(name);
  if (!f) throw new Error(`no face for ${name}`);
  return f;
};

/** Cosine distance of two photos' faces, as clustering measures them. */
function distance(a: Name, b: Name): number {
  const vectors = new FaceVectors(t.core.db.db).vectors(faceModelId, [face(a).id, face(b).id]);
  const [va, vb] = [vectors.get(face(a).id), vectors.get(face(b).id)];
  if (!va || !vb) throw new Error('a face has no vector');
  return 1 - dot(va, vb);
}

it('never puts two of these people in one person', () => {
  const byPerson = new Map<number, Set<string>>();
  for (const name of faceOf.keys()) {
    const person = face(name).person;
    if (person === null) continue;
    byPerson.set(person, (byPerson.get(person) ?? new Set()).add(identity(name)));
  }
  for (const [person, who] of byPerson)
    expect([...who], `person ${String(person)}`).toHaveLength(1);
});

it('keeps the two TV crops apart although they are closer than the threshold', () => {
  // Why a plain threshold merged them: nearer than it, both scored low by the detector.
  expect(distance('howard5', 'stuart5')).toBeLessThan(faceThreshold);
  expect(face('howard5').score).toBeLessThan(faceGate.minScore);
  expect(face('howard5').person).not.toBe(face('stuart5').person);
});

it('starts no person from two single portraits between the strict bound and the threshold', () => {
  const d = distance('miranda', 'stefan');
  // On the threshold's edge: 0.089 with both chips cut from the whole reference, 0.0902 with
  // them cut as [Note: Reference scale] says. Apart either way; below it, the gate does that.
  expect(d).toBeLessThan(faceThreshold + 0.005);
  expect(d).toBeGreaterThanOrEqual(faceGate.strictThreshold);
  expect(face('miranda').person).not.toBe(face('stefan').person);
});

it('still lets an unsure face join a person of faces the models vouch for', () => {
  expect(face('howard4').score).toBeLessThan(faceGate.minScore);
  const howard = face('howard1').person;
  expect(howard).not.toBeNull();
  for (const name of ['howard2', 'howard3', 'howard4'] as const)
    expect(face(name).person, name).toBe(howard);
  expect(face('powell2').person).toBe(face('powell1').person);
  expect(face('powell3').person).toBe(face('powell1').person);
});

it('offers a face kept apart to the named person it is probably ("Is this Howard?")', () => {
  const howard = face('howard1').person ?? -1;
  t.core.people.name(howard, 'Howard');
  const offered = t.core.people.suggestions(20, howard).flatMap((s) => s.faces.map((f) => f.id));
  expect(offered).toContain(face('howard5').id);
});
