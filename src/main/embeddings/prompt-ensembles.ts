/**
 * @file Prompt ensembles: how a short query or a tag name becomes one text vector, through
 * Fotoglot's own templates in each UI language (prompt-templates.json).
 *
 * [Note: Prompt ensembles]
 * CLIP-family text towers were trained on captions, not on lone words: a one-word query
 * ("crowd", "Strand") lands near noise for SigLIP until it is put into a caption. So a short
 * text is written into every template of its language ("ein Foto von {}.", "{}の写真。"),
 * each prompt is embedded in that language (NLLB towers read it from the first token), and
 * the text's vector is the normalised mean of the prompt vectors — the ensemble. The same
 * templates serve search queries, user-defined zero-shot tags and the tag vocabulary's
 * concepts (tag-vocabulary.ts), and `npm run eval:zeroshot -- --prompts ours` measures them.
 *
 * - Templates are ours, per language, and read naturally with a bare noun or noun phrase:
 *   no article or case to agree with ("фото: {}." rather than a genitive, "Foto: {}.").
 * - A query that already reads like a sentence is embedded as typed (`readsAsSentence`):
 *   wrapping "a dog running on the beach at sunset" in "a photo of …" adds nothing and can
 *   blur it. The rule is deliberately simple: sentence punctuation, or five words or more
 *   (more than seven characters in scripts written without spaces), or a word for "photo"
 *   already in it. A clause with a verb is nearly always that long; a shorter one ("dog
 *   running", "perro en la playa") is left to the ensemble, because wrapping a phrase costs
 *   little while a bare short query is what lands near noise.
 * - A language without templates (Korean, Greek, …) is embedded as typed: English templates
 *   around a Korean word would mix two languages in one prompt.
 * - A search query gets the first `queryTemplateCount` templates (each is a text-tower pass the
 *   user waits for); tag concepts, embedded once, get them all.
 * - Vectors are cached by the callers per (model, language, text): queries in the
 *   EmbeddingService's memory LRU, concepts in the tag store's SQLite cache, keyed by the
 *   prompts themselves, so a changed template re-embeds what it changes and nothing else.
 */
import { z } from 'zod';
import { meanDirection } from '../../shared/vector-math';
import raw from './prompt-templates.json';

/** The languages Fotoglot writes templates in: its UI languages (zh-CN as zh). */
export const ensembleLanguages = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'ru',
  'ja',
  'zh',
  'ar',
] as const;
export type EnsembleLanguage = (typeof ensembleLanguages)[number];

const templateList = z
  .array(z.string().refine((t) => t.split('{}').length === 2, 'exactly one {} per template'))
  .min(1);

const templatesSchema = z.object({
  about: z.string(),
  templates: z.object(
    Object.fromEntries(ensembleLanguages.map((l) => [l, templateList])) as Record<
      EnsembleLanguage,
      typeof templateList
    >,
  ),
});

/** Every language's templates, each with one `{}` where the text goes. */
export const promptTemplates: Readonly<Record<EnsembleLanguage, readonly string[]>> =
  templatesSchema.parse(raw).templates;

/** A language tag ("de", "pt-BR", "zh-CN") as a template language; null when we have none. */
export function ensembleLanguage(code: string | null | undefined): EnsembleLanguage | null {
  const base = (code ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (ensembleLanguages as readonly string[]).includes(base)
    ? (base as EnsembleLanguage)
    : null;
}

/** `text` written into every template of `language`. */
export function fillTemplates(
  text: string,
  language: EnsembleLanguage,
  templates: Readonly<Record<EnsembleLanguage, readonly string[]>> = promptTemplates,
): string[] {
  return templates[language].map((t) => t.replace('{}', text));
}

const sentencePunctuation = /[.!?,;:…。！？，、；：،؛؟]/u;
/** Scripts written without spaces between words. */
const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
/** Words for "photo" in the template languages: a query that has one is a caption already. */
const photoWords = new Set([
  'photo',
  'photos',
  'picture',
  'pictures',
  'image',
  'images',
  'snapshot',
  'pic',
  'foto',
  'fotos',
  'bild',
  'bilder',
  'aufnahme',
  'cliché',
  'imagen',
  'imágenes',
  'fotografía',
  'immagine',
  'immagini',
  'fotografia',
  'imagem',
  'imagens',
  'фото',
  'фотография',
  'фотографии',
  'снимок',
  'изображение',
  'صورة',
  'صور',
  'لقطة',
]);
const unspacedPhotoWords = ['写真', '画像', '照片', '图片', '相片', '圖片'];

/**
 * Whether a query reads like a sentence, and is embedded as typed rather than through the
 * ensemble (see [Note: Prompt ensembles] for the rule and why).
 */
export function readsAsSentence(text: string): boolean {
  const trimmed = text.trim();
  if (sentencePunctuation.test(trimmed)) return true;
  const words = trimmed.split(/\s+/u).filter(Boolean);
  if (words.length >= 5) return true;
  if (words.some((w) => photoWords.has(w.toLocaleLowerCase()))) return true;
  if (unspacedPhotoWords.some((w) => trimmed.includes(w))) return true;
  return unspaced.test(trimmed) && (trimmed.match(/\S/gu)?.length ?? 0) > 7;
}

/**
 * Templates a search query is written into: the first three of its language. Real exports
 * take a batch of one, so each prompt is one more pass of the text tower (70–110 ms on a
 * laptop CPU, docs/benchmarks.md) while the user waits at every keystroke; tag concepts are
 * embedded once and cached, so they get every template.
 */
export const queryTemplateCount = 3;

/** The prompts a search query is embedded with: the ensemble, or the query alone. */
export function queryPrompts(text: string, language: string | null): string[] {
  const lang = ensembleLanguage(language);
  return lang === null || readsAsSentence(text)
    ? [text]
    : fillTemplates(text.trim(), lang).slice(0, queryTemplateCount);
}

/** Embeds texts in one language (the inference process's embedTexts, for one model). */
export type TextEmbedder = (
  texts: readonly string[],
  languages: readonly (string | null)[],
) => Promise<Float32Array[]>;

/** The normalised mean of the prompts' vectors: one unit vector (zero if they all are). */
export function ensembleVector(vectors: readonly Float32Array[]): Float32Array {
  return meanDirection(vectors, vectors[0]?.length ?? 0);
}

/** A search query's unit vector in `language` (see [Note: Prompt ensembles]); not cached. */
export async function embedQuery(
  embed: TextEmbedder,
  text: string,
  language: string | null,
): Promise<Float32Array> {
  const prompts = queryPrompts(text, language);
  return ensembleVector(
    await embed(
      prompts,
      prompts.map(() => language),
    ),
  );
}

/**
 * One vector per prompt set, every set's prompts embedded in `language` and averaged; sets
 * are sent in requests of about `batch` prompts (each set whole), `onBatch` after each.
 */
export async function embedPromptSets(
  embed: TextEmbedder,
  sets: readonly (readonly string[])[],
  language: string | null,
  { batch = 256, onBatch }: { batch?: number; onBatch?: (setsDone: number) => void } = {},
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  let start = 0;
  while (start < sets.length) {
    let end = start;
    let size = 0;
    while (end < sets.length && (end === start || size + (sets[end]?.length ?? 0) <= batch))
      size += sets[end++]?.length ?? 0;
    const chunk = sets.slice(start, end);
    const texts = chunk.flat();
    const vectors = await embed(
      texts,
      texts.map(() => language),
    );
    let at = 0;
    for (const set of chunk) {
      out.push(ensembleVector(vectors.slice(at, at + set.length)));
      at += set.length;
    }
    start = end;
    onBatch?.(start);
  }
  return out;
}
