/**
 * @file The language a search query is written in, for text towers that need to be told
 * (NLLB reads it from its first token; see [Note: Real model contract]).
 *
 * A query's script decides when it can (kana → Japanese, Hangul → Korean, Han without kana →
 * Chinese unless the app is in Japanese or Korean, Cyrillic → Russian, Arabic, Greek, Hebrew, Thai, Devanagari); Latin text is too
 * short to tell German from English reliably, so it takes the language the user chose for
 * the app — the language they most likely type in.
 */

const scripts: readonly [RegExp, string][] = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Devanagari}/u, 'hi'],
];

/** ISO 639-1 code of the query's language; `fallback` (the UI language) for Latin script. */
export function queryLanguage(text: string, fallback: string): string {
  for (const [pattern, language] of scripts) if (pattern.test(text)) return language;
  // Kanji alone ("赤", "富士山") is as Japanese as it is Chinese: the user's language decides.
  if (/\p{Script=Han}/u.test(text))
    return ['ja', 'ko'].includes(fallback) || fallback.startsWith('zh') ? fallback : 'zh';
  if (/\p{Script=Cyrillic}/u.test(text)) {
    // Cyrillic alone: the user's language when it is written in Cyrillic, else Russian.
    return ['ru', 'uk', 'bg', 'sr', 'mk', 'be', 'kk', 'mn'].includes(fallback) ? fallback : 'ru';
  }
  return fallback;
}
