/** The model input against open_clip's reference pixels in ../shared/data/fidelity (PIL 9.4). */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { preprocessConfigSchema, type PreprocessConfig } from '../../shared/model-config';
import { decodeImage, DecodeHelpers } from '../library/decode-image';
import { sniffFormat } from '../library/image-format';
import { thumbPath, writeGridThumbnail } from '../library/thumbnails';
import {
  modelInputKey,
  modelInputSpec,
  modelInputToTensor,
  renderModelInput,
  resizeSteps,
  shortestGeometry,
} from './model-input';

const fidelity = path.resolve(import.meta.dirname, '../../../../shared/data/fidelity');

interface Reference {
  images: Record<
    string,
    { configs: Record<string, { reference_rgb_png: string; tensor_channel_means: number[] }> }
  >;
  shortest_geometry: Record<
    string,
    { resized_w: number; resized_h: number; crop_left: number; crop_top: number }
  >;
}
const reference = JSON.parse(
  await readFile(path.join(fidelity, 'preprocess-reference.json'), 'utf8'),
) as Reference;

const siglip = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };
const openai = {
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.2613026, 0.2757771],
};
/** The preprocess_cfg.json each reference stands for, by its file-name tag. */
const configs: Record<string, PreprocessConfig> = {
  squash256: preprocessConfigSchema.parse({ size: 256, resize_mode: 'squash', ...siglip }),
  squash384: preprocessConfigSchema.parse({ size: 384, resize_mode: 'squash', ...siglip }),
  shortest224: preprocessConfigSchema.parse({ size: 224, resize_mode: 'shortest', ...openai }),
};

const helpers = new DecodeHelpers();
afterAll(() => helpers.dispose());

/** A photo decoded the way ingest does: its bytes, sniffed, through decodeImage. */
async function decode(name: string) {
  const file = path.join(fidelity, name);
  const bytes = await readFile(file);
  const format = sniffFormat(bytes.subarray(0, 64), file);
  if (!format) throw new Error(`${name}: unknown format`);
  return decodeImage(bytes, file, format, null, helpers);
}

/** A reference PNG's stored values (no colour conversion). */
async function referencePixels(file: string): Promise<Buffer> {
  return sharp(path.join(fidelity, file), { ignoreIcc: true }).removeAlpha().raw().toBuffer();
}

function levelsOff(a: Uint8Array, b: Uint8Array): { mean: number; max: number } {
  expect(a.length).toBe(b.length);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / a.length, max };
}

const cases = Object.entries(reference.images).flatMap(([name, image]) =>
  Object.values(image.configs).map((ref) => {
    const tag = ref.reference_rgb_png.split('.')[1] ?? '';
    const cfg = configs[tag];
    if (!cfg) throw new Error(`no config for ${ref.reference_rgb_png}`);
    return { name, tag, cfg, ref };
  }),
);

describe('renderModelInput', () => {
  it.each(cases)(
    '$name $tag: within 0.5 levels on average and 10 at most of open_clip',
    async ({ name, cfg, ref }) => {
      const size = modelInputSpec(cfg).size;
      const ours = await renderModelInput(await decode(name), modelInputSpec(cfg));
      expect(ours).toHaveLength(size * size * 3);
      const off = levelsOff(ours, await referencePixels(ref.reference_rgb_png));
      expect(off.mean).toBeLessThanOrEqual(0.5);
      expect(off.max).toBeLessThanOrEqual(10);

      const tensor = new Float32Array(3 * size * size);
      modelInputToTensor(ours, cfg, tensor, 0);
      for (let c = 0; c < 3; c++) {
        const plane = tensor.subarray(c * size * size, (c + 1) * size * size);
        const mean = plane.reduce((s, v) => s + v, 0) / plane.length;
        expect(mean).toBeCloseTo(ref.tensor_channel_means[c] ?? NaN, 2);
      }
    },
  );

  it('the old input (the 256 px WebP grid thumbnail) misses that tolerance on every photo', async () => {
    const thumbs = await mkdtemp(path.join(os.tmpdir(), 'fotoglot-model-input-'));
    try {
      const cfg = configs.squash256;
      if (!cfg) throw new Error('no squash256');
      for (const name of Object.keys(reference.images)) {
        const decoded = await decode(name);
        await writeGridThumbnail(decoded, thumbs, name);
        // What the model saw before: the grid thumbnail, squashed to 256 with sharp's cubic.
        const interleaved = await sharp(thumbPath(thumbs, name, 'grid'))
          .resize({ width: 256, height: 256, fit: 'fill', kernel: 'cubic' })
          .removeAlpha()
          .toColourspace('srgb')
          .raw()
          .toBuffer();
        const refPixels = await referencePixels(name.replace(/\.\w+$/, '.squash256.ref.png'));
        const oldOff = levelsOff(interleaved, refPixels);
        const newOff = levelsOff(await renderModelInput(decoded, modelInputSpec(cfg)), refPixels);
        expect(oldOff.mean, name).toBeGreaterThan(0.5);
        expect(oldOff.mean, name).toBeGreaterThan(4 * newOff.mean);
      }
    } finally {
      await rm(thumbs, { recursive: true, force: true });
    }
  });

  it('greyscale photos give three equal channels', async () => {
    const grey = await sharp({
      create: {
        width: 40,
        height: 30,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .greyscale()
      .png()
      .toBuffer();
    const decoded = await decodeImage(grey, 'grey.png', 'png', null, helpers);
    const rgb = await renderModelInput(decoded, {
      size: 16,
      mode: 'shortest',
      interpolation: 'bicubic',
    });
    expect(rgb).toHaveLength(16 * 16 * 3);
    for (let i = 0; i < 16 * 16; i++) {
      expect(rgb[i * 3 + 1]).toBe(rgb[i * 3]);
      expect(rgb[i * 3 + 2]).toBe(rgb[i * 3]);
    }
  });

  it('feeds the photo upright, as the user sees it (EXIF orientation 6)', async () => {
    // Stored 40×20, left half white: turned a quarter clockwise, the top half is white.
    const stored = Buffer.alloc(40 * 20 * 3);
    for (let y = 0; y < 20; y++)
      for (let x = 0; x < 20; x++) stored.fill(255, (y * 40 + x) * 3, (y * 40 + x) * 3 + 3);
    const jpeg = await sharp(stored, { raw: { width: 40, height: 20, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const decoded = await decodeImage(jpeg, 'turned.jpg', 'jpeg', null, helpers);
    const rgb = await renderModelInput(decoded, {
      size: 8,
      mode: 'squash',
      interpolation: 'bicubic',
    });
    expect(rgb[(1 * 8 + 4) * 3]).toBeGreaterThan(200);
    expect(rgb[(6 * 8 + 4) * 3]).toBeLessThan(50);
  });
});

describe('shortestGeometry', () => {
  it.each(Object.entries(reference.shortest_geometry))('%s as torchvision', (dims, expected) => {
    const [w, h] = dims.split('x').map(Number);
    expect(shortestGeometry(w ?? 0, h ?? 0, 224)).toEqual({
      width: expected.resized_w,
      height: expected.resized_h,
      left: expected.crop_left,
      top: expected.crop_top,
    });
  });
});

describe('resizeSteps', () => {
  it('steps under 4× per axis, a finished axis staying put', () => {
    expect(resizeSteps(4032, 3024, 256, 256)).toEqual([
      { width: 1023, height: 1023 },
      { width: 256, height: 256 },
    ]);
    expect(resizeSteps(4608, 1976, 256, 256)).toEqual([
      { width: 4091, height: 1976 },
      { width: 1023, height: 1023 },
      { width: 256, height: 256 },
    ]);
    expect(resizeSteps(451, 300, 384, 384)).toEqual([{ width: 384, height: 384 }]);
  });
});

describe('modelInputSpec / modelInputKey', () => {
  it('names each geometry', () => {
    const spec = modelInputSpec(configs.shortest224 ?? preprocessConfigSchema.parse({}));
    expect(spec).toEqual({ size: 224, mode: 'shortest', interpolation: 'bicubic' });
    expect(modelInputKey(spec)).toBe('shortest-224-bicubic');
  });

  it('modelInputToTensor refuses a buffer of the wrong size', () => {
    const cfg = configs.squash256;
    if (!cfg) throw new Error('no squash256');
    expect(() => {
      modelInputToTensor(new Uint8Array(10), cfg, new Float32Array(3 * 256 * 256), 0);
    }).toThrow();
  });
});
