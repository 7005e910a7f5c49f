/**
 * @file Photos of text in the ten UI languages, rendered at test time with sharp's SVG text and
 * the system's fonts (DejaVu for Latin, Cyrillic and Arabic; Noto CJK for Japanese and
 * Chinese), so no image is committed. Each sample is a sign-like photo: dark text on a light
 * card over a mid-grey background, optionally turned (180° or 90°).
 */
import sharp from 'sharp';

/** One language's sample: the words it shows, one line each. */
export interface TextSample {
  language: string;
  lines: string[];
  font: string;
  rtl?: boolean;
}

/** What each language's sample says (words a user would search for). */
export const textSamples: TextSample[] = [
  { language: 'en', lines: ['Wi-Fi password', 'Coffee and cake'], font: 'DejaVu Sans' },
  { language: 'de', lines: ['Rechnung Migros', 'Müller Straße München'], font: 'DejaVu Sans' },
  { language: 'fr', lines: ['Boulangerie du marché', 'Café crème'], font: 'DejaVu Sans' },
  { language: 'es', lines: ['Estación de tren', 'Mañana cerrado'], font: 'DejaVu Sans' },
  { language: 'it', lines: ['Stazione centrale', 'Città di Firenze'], font: 'DejaVu Sans' },
  { language: 'pt', lines: ['Pão quente', 'Avenida da Liberdade'], font: 'DejaVu Sans' },
  { language: 'ru', lines: ['Москва вокзал', 'Счёт за обед'], font: 'DejaVu Sans' },
  { language: 'ja', lines: ['東京駅', 'きっぷうりば'], font: 'Noto Serif CJK JP' },
  { language: 'zh-CN', lines: ['北京欢迎你', '出口'], font: 'Noto Serif CJK SC' },
  { language: 'ar', lines: ['مرحبا بكم', 'محطة القطار'], font: 'DejaVu Sans', rtl: true },
];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A JPEG photo of `sample`'s lines, `width` px wide, turned by `turn` degrees (0, 90, 180).
 */
export async function renderTextPhoto(
  sample: TextSample,
  options: { width?: number; turn?: 0 | 90 | 180 } = {},
): Promise<Buffer> {
  const width = options.width ?? 900;
  const size = Math.round(width / 14);
  const height = Math.round(size * (sample.lines.length * 1.8 + 2));
  const texts = sample.lines
    .map(
      (line, i) =>
        `<text x="${String(width / 2)}" y="${String(Math.round(size * (2 + i * 1.8)))}" font-family="${sample.font}" font-size="${String(size)}" text-anchor="middle"${sample.rtl ? ' direction="rtl"' : ''} fill="#1a1a1a">${escape(line)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${String(width)}" height="${String(height)}">
<rect width="100%" height="100%" fill="#7a8088"/>
<rect x="${String(size / 2)}" y="${String(size / 2)}" width="${String(width - size)}" height="${String(height - size)}" rx="12" fill="#f4f1e8"/>
${texts}</svg>`;
  let image = sharp(Buffer.from(svg));
  if (options.turn) image = sharp(await image.png().toBuffer()).rotate(options.turn);
  return image.jpeg({ quality: 90 }).toBuffer();
}

/** Upright RGB bytes of an image, its long side capped. */
export async function rgbOf(
  image: Buffer,
  maxSide = 2048,
): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(image)
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}
