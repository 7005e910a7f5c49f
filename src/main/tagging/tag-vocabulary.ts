/**
 * @file The curated auto-tag vocabulary (tag-vocabulary.json): photo concepts, their names in
 * every shipped language. They are embedded through the prompt ensembles ([Note: Prompt ensembles]).
 */
import { z } from 'zod';
import { fillTemplates } from '../embeddings/prompt-ensembles';
import raw from './tag-vocabulary.json';

export const tagLanguages = ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'zh', 'ja', 'ar'] as const;
export type TagLanguage = (typeof tagLanguages)[number];

const names = z.object(
  Object.fromEntries(tagLanguages.map((l) => [l, z.string().trim().min(1)])) as Record<
    TagLanguage,
    z.ZodString
  >,
);

const vocabularySchema = z.object({
  about: z.string(),
  languages: z.array(z.enum(tagLanguages)),
  tags: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        category: z.string(),
        names,
      }),
    )
    .min(1),
});
export type Vocabulary = z.infer<typeof vocabularySchema>;
export type Concept = Vocabulary['tags'][number];

export const vocabulary: Vocabulary = vocabularySchema.parse(raw);

const byId = new Map(vocabulary.tags.map((t) => [t.id, t]));

/** A UI language code ("pt-BR", "zh-CN") as a vocabulary language; English when not shipped. */
export function tagLanguage(code: string | undefined): TagLanguage {
  const base = (code ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  return (tagLanguages as readonly string[]).includes(base) ? (base as TagLanguage) : 'en';
}

export function concept(id: string): Concept | undefined {
  return byId.get(id);
}

/** A tag's name to show: a concept in the given language, anything else as the user wrote it. */
export function displayName(name: string, lang: TagLanguage): string {
  return byId.get(name)?.names[lang] ?? name;
}

const byName = new Map<string, string[]>();
for (const t of vocabulary.tags) {
  for (const n of [t.id, ...Object.values(t.names)]) {
    const key = n.toLocaleLowerCase();
    byName.set(key, [...new Set([...(byName.get(key) ?? []), t.id])]);
  }
}

/** The concepts a typed name means, in any language ("Strand", "plage", "海滩" → beach). */
export function conceptsNamed(name: string): string[] {
  return byName.get(name.trim().toLocaleLowerCase()) ?? [];
}

/** The prompts a concept is embedded with in one language: its name in the ensemble's templates. */
export function promptsFor(c: Concept, lang: TagLanguage): string[] {
  return fillTemplates(c.names[lang], lang);
}

/**
 * [Note: Tags as typed]
 * A tag the user types is theirs, in their words: "Hund" typed in an English UI stays "Hund",
 * it does not silently become the vocabulary's "dog". A typed name joins a vocabulary concept
 * only when it is that concept's name in the UI language (then the user sees exactly what they
 * typed) or when the user picks the translation we offer (`translationsOf`). Search still finds
 * both: `tag:Hund` resolves to the typed tag and to the concepts the word names in any language.
 */

/** The concepts whose name in `lang` is `name` (what a typed tag joins without asking). */
export function conceptsNamedIn(name: string, lang: TagLanguage): string[] {
  const typed = name.trim().toLocaleLowerCase();
  return conceptsNamed(name).filter(
    (id) => byId.get(id)?.names[lang].toLocaleLowerCase() === typed,
  );
}

/**
 * The concepts a typed name means in another language than `lang`, named in `lang`: the
 * translations to offer ("Hund" in English → dog). See [Note: Tags as typed].
 */
export function translationsOf(name: string, lang: TagLanguage): { key: string; name: string }[] {
  if (conceptsNamedIn(name, lang).length > 0) return [];
  return conceptsNamed(name).map((id) => ({ key: id, name: displayName(id, lang) }));
}
