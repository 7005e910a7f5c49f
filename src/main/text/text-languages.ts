/**
 * @file The user's languages as Tesseract pack codes, for the text stage's reading: the packs
 * that re-read Latin lines follow them ([Note: Reading text]), every script is read whatever
 * they are.
 */
import type { TagLanguage } from '../tagging/tag-vocabulary';

/** Each UI language's Tesseract pack (codes as in `@tesseract.js-data/<code>`). */
const packOf: Record<TagLanguage, string> = {
  en: 'eng',
  de: 'deu',
  fr: 'fra',
  es: 'spa',
  it: 'ita',
  pt: 'por',
  ru: 'rus',
  zh: 'chi_sim',
  ja: 'jpn',
  ar: 'ara',
};

/** The packs of a user whose UI is in `language`: English, which every user reads, and theirs. */
export function textLanguages(language: TagLanguage): string[] {
  return [...new Set(['eng', packOf[language]])];
}
