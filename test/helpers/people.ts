/**
 * @file The labelled LFW photos of ../shared/data/faces as library photos for the persons core,
 * their faces from the real test models (face-descriptors.ts), and clustering scores.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { FaceInput } from '../../src/main/people/people-service';
import { detectFaces, sharedData } from './face-descriptors';

export interface LabelledPhoto {
  file: string;
  label: string;
  fingerprint: string;
  faces: FaceInput[];
  /** Index in `faces` of the labelled (centred) face, or -1 when none was found. */
  labelled: number;
}

/** The LFW identities × 10 photos, with faces detected and embedded (about 0.5 s a photo). */
export async function lfwPhotos(identities?: readonly string[]): Promise<LabelledPhoto[]> {
  const rows = readFileSync(path.join(sharedData, 'faces/labels.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((r) => r[1]?.startsWith('lfw_krasserm:'))
    .filter((r) => !identities || identities.includes((r[1] ?? '').split(':')[1] ?? ''));
  const out: LabelledPhoto[] = [];
  for (const [rel = '', label = ''] of rows) {
    const file = path.join(sharedData, rel);
    const faces = await detectFaces(file);
    // LFW labels the face at the centre of each crop; others are bystanders.
    const centre = (f: FaceInput) =>
      Math.hypot(f.box[0] + f.box[2] / 2 - 0.5, f.box[1] + f.box[3] / 2 - 0.5);
    let labelled = -1;
    faces.forEach((f, i) => {
      if (centre(f) < 0.15 && (labelled < 0 || centre(f) < centre(faces[labelled] as FaceInput)))
        labelled = i;
    });
    out.push({
      file,
      label,
      fingerprint: createHash('sha256').update(readFileSync(file)).digest('hex'),
      faces: faces.map((f) => ({ ...f })),
      labelled,
    });
  }
  return out;
}

/** A photos row for a labelled photo (what ingest would have written); returns its id. */
export function insertPhoto(db: Database.Database, photo: LabelledPhoto, index: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO photos (fingerprint, size, format, state, width, height, captured_at, captured_at_utc, updated_at)
         VALUES (?, ?, 'jpeg', 'ready', 250, 250, ?, ?, ?)`,
      )
      .run(
        photo.fingerprint,
        1000 + index,
        '2020-01-01T00:00:00',
        1577836800000 + index * 60_000,
        new Date().toISOString(),
      ).lastInsertRowid,
  );
}

/** Seeded shuffle (mulberry32): the same seed, the same order. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface Scores {
  precision: number;
  recall: number;
  bcubedF: number;
  /** Persons holding labelled faces of two or more identities. */
  wrongMerges: number;
}

/** Pairwise precision and recall, BCubed F, and wrong merges of labelled items. */
export function scoreClusters(items: readonly { label: string; cluster: number | null }[]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (!a || !b) continue;
      const same = a.cluster !== null && a.cluster === b.cluster;
      if (same && a.label === b.label) tp++;
      else if (same) fp++;
      else if (a.label === b.label) fn++;
    }
  let bp = 0;
  let br = 0;
  for (const a of items) {
    const mates = items.filter((b) => b === a || (a.cluster !== null && b.cluster === a.cluster));
    const correct = mates.filter((b) => b.label === a.label).length;
    bp += correct / mates.length;
    br += correct / items.filter((b) => b.label === a.label).length;
  }
  bp /= items.length;
  br /= items.length;
  const labelsPerCluster = new Map<number, Set<string>>();
  for (const a of items)
    if (a.cluster !== null)
      labelsPerCluster.set(a.cluster, (labelsPerCluster.get(a.cluster) ?? new Set()).add(a.label));
  return {
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    bcubedF: (2 * bp * br) / (bp + br),
    wrongMerges: [...labelsPerCluster.values()].filter((s) => s.size > 1).length,
  };
}
