/**
 * @file The result of a model's self-test ([Note: Model self-test]) as every host sees it:
 * per UI language, which of the test photos the model named right, and whether it passed.
 */
import { z } from 'zod';
import { tagLanguageSchema } from './tag-schemas';

/** One test photo in one language: its subject, and the label the model ranked first. */
export const selfTestPhotoSchema = z.object({
  /** The photo's subject key (astronaut, cat, … or a colour for test-tiny). */
  subject: z.string(),
  /** The subject key of the label ranked first; null when no label scored (a broken tower). */
  picked: z.string().nullable(),
  /** The words of that label in this language, as the model read them. */
  pickedText: z.string().nullable(),
  right: z.boolean(),
});

export const selfTestLanguageSchema = z.object({
  language: tagLanguageSchema,
  /** Every photo right (see [Note: Model self-test] for why all of them). */
  passed: z.boolean(),
  photos: z.array(selfTestPhotoSchema),
});

export const selfTestResultSchema = z.object({
  model: z.string(),
  /** What was shown to the model: the shipped photos, or generated colour photos (test-tiny). */
  kit: z.enum(['photos', 'colours']),
  /** When it ran (ISO 8601). */
  testedAt: z.string(),
  /** True when every language passed. */
  passed: z.boolean(),
  languages: z.array(selfTestLanguageSchema),
  /** Set when the test could not run at all (the model failed to load or to embed). */
  error: z.string().nullable(),
});
export type SelfTestResult = z.infer<typeof selfTestResultSchema>;
export type SelfTestLanguage = z.infer<typeof selfTestLanguageSchema>;

/** What the self-test says about the active model in the user's language (app:info). */
export const selfTestVerdictSchema = z.object({
  model: z.string(),
  language: tagLanguageSchema,
  /** untested: no self-test result yet; failed: it failed (or could not run) in that language. */
  state: z.enum(['passed', 'failed', 'untested']),
  right: z.number().int(),
  total: z.number().int(),
});
export type SelfTestVerdict = z.infer<typeof selfTestVerdictSchema>;

/**
 * The verdict of `result` for `language` (untested when there is no result).
 *
 * [Note: Self-test verdict]
 * The user's language decides: a model that passes in the user's language is fine even when it
 * fails in others (ViT-B-32 OpenAI serves English only), and one that fails there is flagged
 * with what to do, "pick a model that serves <language>": in Settings beside the model, in the
 * status bar and in `fotoglot status` (all from app:info's `selfTest`, the active model's
 * verdict). A test that could not run at all fails every language.
 */
export function selfTestVerdict(
  model: string,
  language: SelfTestLanguage['language'],
  result: SelfTestResult | null,
): SelfTestVerdict {
  if (!result) return { model, language, state: 'untested', right: 0, total: 0 };
  const entry = result.languages.find((l) => l.language === language);
  const right = entry?.photos.filter((p) => p.right).length ?? 0;
  const total = entry?.photos.length ?? 0;
  const passed = result.error === null && entry?.passed === true;
  return { model, language, state: passed ? 'passed' : 'failed', right, total };
}
