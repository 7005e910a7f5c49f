/** The hard constraints of [Note: Persons] on small hand-made descriptors. */
import { describe, expect, it } from 'vitest';
import { normalise } from '../../shared/vector-math';
import { clusterFaces, type ClusterFace } from './face-clustering';

/** A unit vector at `angle` radians in a plane: cosine distance grows with the angle. */
const at = (angle: number) => normalise(Float32Array.from([Math.cos(angle), Math.sin(angle), 0]));

function face(id: number, photoId: number, angle: number, extra: Partial<ClusterFace> = {}) {
  return {
    id,
    key: `k${String(id).padStart(3, '0')}`,
    photoId,
    modelId: 'm',
    vector: at(angle),
    pinnedTo: null,
    notPersons: [],
    vouched: true,
    ...extra,
  } satisfies ClusterFace;
}
const groups = (faces: ClusterFace[], strict = 0.3) =>
  clusterFaces(faces, 0.3, strict)
    .map((c) => c.faceIds.sort((a, b) => a - b))
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

describe('clusterFaces', () => {
  it('joins near faces, keeps far ones apart, whatever the input order', () => {
    const faces = [face(1, 1, 0), face(2, 2, 0.1), face(3, 3, 0.2), face(4, 4, 2)];
    expect(groups(faces)).toEqual([[1, 2, 3], [4]]);
    expect(groups([...faces].reverse())).toEqual([[1, 2, 3], [4]]);
  });

  it('never puts two faces of one photo together, even identical ones', () => {
    expect(groups([face(1, 1, 0), face(2, 1, 0), face(3, 2, 0.05)])).toEqual([[1, 3], [2]]);
  });

  it('keeps faces pinned to a person together and apart from other pinned persons', () => {
    const faces = [
      face(1, 1, 0, { pinnedTo: 10 }),
      face(2, 2, 2, { pinnedTo: 10 }),
      face(3, 3, 0.05, { pinnedTo: 20 }),
      face(4, 4, 0.02),
    ];
    const out = clusterFaces(faces, 0.3);
    expect(out.find((c) => c.anchor === 10)?.faceIds.sort()).toEqual([1, 2]);
    expect(out.find((c) => c.anchor === 20)?.faceIds.sort()).toEqual([3, 4]);
  });

  it('keeps a face out of a person the user said it is not', () => {
    const faces = [face(1, 1, 0, { pinnedTo: 10 }), face(2, 2, 0.01, { notPersons: [10] })];
    expect(groups(faces)).toEqual([[1], [2]]);
  });

  it('never compares descriptors of two models', () => {
    expect(groups([face(1, 1, 0), face(2, 2, 0, { modelId: 'other' })])).toEqual([[1], [2]]);
  });

  // Cosine distance 1 − cos(angle): 0.25 at 0.7227 rad, between the strict 0.2 and the 0.3 below.
  describe('the gate of [Note: Persons] (strict bound 0.2)', () => {
    it('starts a person from two single faces only below the strict bound', () => {
      expect(groups([face(1, 1, 0), face(2, 2, 0.7227)], 0.2)).toEqual([[1], [2]]);
      expect(groups([face(1, 1, 0), face(2, 2, 0.6)], 0.2)).toEqual([[1, 2]]);
    });

    it('lets a single face join a person of two at the looser threshold', () => {
      const faces = [face(1, 1, 0), face(2, 2, 0.1), face(3, 3, 0.05 + 0.7227)];
      expect(groups(faces, 0.2)).toEqual([[1, 2, 3]]);
    });

    it('never lets faces not vouched for start a person, however close', () => {
      const faces = [face(1, 1, 0, { vouched: false }), face(2, 2, 0.01)];
      expect(groups(faces, 0.2)).toEqual([[1], [2]]);
      const both = [face(1, 1, 0, { vouched: false }), face(2, 2, 0.01, { vouched: false })];
      expect(groups(both, 0.2)).toEqual([[1], [2]]);
    });

    it('lets a face not vouched for join a person of two vouched faces, below the strict bound only', () => {
      const near = [face(1, 1, 0), face(2, 2, 0.1), face(3, 3, 0.05, { vouched: false })];
      expect(groups(near, 0.2)).toEqual([[1, 2, 3]]);
      const far = [face(1, 1, 0), face(2, 2, 0.1), face(3, 3, 0.05 + 0.7227, { vouched: false })];
      expect(groups(far, 0.2)).toEqual([[1, 2], [3]]);
      // Without the gate (strict = threshold, all vouched) the same faces are one person.
      expect(groups(far.map((f) => ({ ...f, vouched: true })))).toEqual([[1, 2, 3]]);
    });
  });
});
