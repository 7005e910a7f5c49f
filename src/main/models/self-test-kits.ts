/**
 * @file What a model's self-test shows it ([Note: Model self-test]): four photos and, in each
 * of the 10 UI languages, the names of their subjects plus distractors. Real models get the
 * four public-domain / CC0 photos shipped in models/self-test/ (SOURCES.md there); test-tiny,
 * which only knows colours, gets generated colour photos and colour words from its
 * vocabulary. Every word here was written for Fotoglot.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { TagLanguage } from '../tagging/tag-vocabulary';

export type SelfTestKitName = 'photos' | 'colours';

/** One photo to show the model: its subject and its encoded bytes. */
export interface KitPhoto {
  subject: string;
  bytes: Buffer;
}

/** A label: the subject it names and its words in one language. */
export interface KitLabel {
  subject: string;
  text: string;
}

export interface SelfTestKit {
  name: SelfTestKitName;
  photos: KitPhoto[];
  /** Per language: the four photos' subjects first, then the distractors. */
  labels: Record<TagLanguage, KitLabel[]>;
}

type Words = Record<TagLanguage, string[]>;

/** Subjects in label order: the four photos, then four distractors. */
const photoSubjects = ['astronaut', 'cat', 'coffee', 'rocket', 'dog', 'car', 'tree', 'pizza'];

/** "A photo of …" each subject, in each language, in the order of photoSubjects. */
const photoWords: Words = {
  en: [
    'a photo of an astronaut',
    'a photo of a cat',
    'a photo of a cup of coffee',
    'a photo of a rocket',
    'a photo of a dog',
    'a photo of a car',
    'a photo of a tree',
    'a photo of a pizza',
  ],
  de: [
    'ein Foto eines Astronauten',
    'ein Foto einer Katze',
    'ein Foto einer Tasse Kaffee',
    'ein Foto einer Rakete',
    'ein Foto eines Hundes',
    'ein Foto eines Autos',
    'ein Foto eines Baumes',
    'ein Foto einer Pizza',
  ],
  fr: [
    "une photo d'un astronaute",
    "une photo d'un chat",
    "une photo d'une tasse de café",
    "une photo d'une fusée",
    "une photo d'un chien",
    "une photo d'une voiture",
    "une photo d'un arbre",
    "une photo d'une pizza",
  ],
  es: [
    'una foto de un astronauta',
    'una foto de un gato',
    'una foto de una taza de café',
    'una foto de un cohete',
    'una foto de un perro',
    'una foto de un coche',
    'una foto de un árbol',
    'una foto de una pizza',
  ],
  it: [
    'una foto di un astronauta',
    'una foto di un gatto',
    'una foto di una tazza di caffè',
    'una foto di un razzo',
    'una foto di un cane',
    "una foto di un'automobile",
    'una foto di un albero',
    'una foto di una pizza',
  ],
  pt: [
    'uma foto de um astronauta',
    'uma foto de um gato',
    'uma foto de uma xícara de café',
    'uma foto de um foguete',
    'uma foto de um cachorro',
    'uma foto de um carro',
    'uma foto de uma árvore',
    'uma foto de uma pizza',
  ],
  ru: [
    'фотография космонавта',
    'фотография кошки',
    'фотография чашки кофе',
    'фотография ракеты',
    'фотография собаки',
    'фотография машины',
    'фотография дерева',
    'фотография пиццы',
  ],
  zh: [
    '宇航员的照片',
    '猫的照片',
    '一杯咖啡的照片',
    '火箭的照片',
    '狗的照片',
    '汽车的照片',
    '树的照片',
    '披萨的照片',
  ],
  ja: [
    '宇宙飛行士の写真',
    '猫の写真',
    '一杯のコーヒーの写真',
    'ロケットの写真',
    '犬の写真',
    '車の写真',
    '木の写真',
    'ピザの写真',
  ],
  ar: [
    'صورة رائد فضاء',
    'صورة قطة',
    'صورة فنجان قهوة',
    'صورة صاروخ',
    'صورة كلب',
    'صورة سيارة',
    'صورة شجرة',
    'صورة بيتزا',
  ],
};

/** The shipped photo of each of the four subjects (models/self-test/). */
const photoFiles: Record<string, string> = {
  astronaut: 'astronaut.jpg',
  cat: 'chelsea.jpg',
  coffee: 'coffee.jpg',
  rocket: 'rocket.jpg',
};

/** Colours in label order: the four photos, then four distractors. */
const colourSubjects = ['red', 'green', 'blue', 'yellow', 'black', 'white', 'purple', 'brown'];

/** Each colour's name in each language, as test-tiny's vocabulary spells it. */
const colourWords: Words = {
  en: ['red', 'green', 'blue', 'yellow', 'black', 'white', 'purple', 'brown'],
  de: ['rot', 'grün', 'blau', 'gelb', 'schwarz', 'weiß', 'lila', 'braun'],
  fr: ['rouge', 'vert', 'bleu', 'jaune', 'noir', 'blanc', 'violet', 'marron'],
  es: ['rojo', 'verde', 'azul', 'amarillo', 'negro', 'blanco', 'morado', 'marrón'],
  it: ['rosso', 'verde', 'blu', 'giallo', 'nero', 'bianco', 'viola', 'marrone'],
  pt: ['vermelho', 'verde', 'azul', 'amarelo', 'preto', 'branco', 'roxo', 'castanho'],
  ru: ['красный', 'зелёный', 'синий', 'жёлтый', 'чёрный', 'белый', 'фиолетовый', 'коричневый'],
  zh: ['红色', '绿色', '蓝色', '黄色', '黑色', '白色', '紫色', '棕色'],
  ja: ['赤', '緑', '青', '黄色', '黒', '白', '紫', '茶色'],
  ar: ['أحمر', 'أخضر', 'أزرق', 'أصفر', 'أسود', 'أبيض', 'بنفسجي', 'بني'],
};

/** sRGB of the generated colour photos (plain, clearly each colour). */
const colourPixels: Record<string, [number, number, number]> = {
  red: [215, 35, 30],
  green: [45, 160, 55],
  blue: [30, 75, 210],
  yellow: [240, 225, 35],
};

function labelsOf(subjects: string[], words: Words): Record<TagLanguage, KitLabel[]> {
  return Object.fromEntries(
    Object.entries(words).map(([lang, texts]) => [
      lang,
      texts.map((text, i) => ({ subject: subjects[i] ?? '', text })),
    ]),
  ) as Record<TagLanguage, KitLabel[]>;
}

/**
 * A 160×120 photo of one colour with a soft vertical shading (so resizing has work to do),
 * encoded as PNG.
 */
async function colourPhoto([r, g, b]: [number, number, number]): Promise<Buffer> {
  const width = 160;
  const height = 120;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const shade = 0.92 + (0.08 * y) / height;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round(r * shade);
      data[i + 1] = Math.round(g * shade);
      data[i + 2] = Math.round(b * shade);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** The kit named `name`; the photos kit reads its photos from `photosDir`. */
export async function loadKit(name: SelfTestKitName, photosDir: string): Promise<SelfTestKit> {
  if (name === 'colours') {
    const photos = await Promise.all(
      Object.entries(colourPixels).map(async ([subject, rgb]) => ({
        subject,
        bytes: await colourPhoto(rgb),
      })),
    );
    return { name, photos, labels: labelsOf(colourSubjects, colourWords) };
  }
  const photos = await Promise.all(
    Object.entries(photoFiles).map(async ([subject, file]) => {
      try {
        return { subject, bytes: await readFile(path.join(photosDir, file)) };
      } catch {
        throw new Error(
          `The self-test photo ${path.join(photosDir, file)} is missing; this installation of Fotoglot is damaged. Reinstall Fotoglot.`,
        );
      }
    }),
  );
  return { name, photos, labels: labelsOf(photoSubjects, photoWords) };
}
