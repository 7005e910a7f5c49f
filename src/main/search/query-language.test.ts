/** The query language NLLB towers are told: by script, else the UI language. */
import { describe, expect, it } from 'vitest';
import { queryLanguage } from './query-language';

describe('queryLanguage', () => {
  it('reads the script of non-Latin queries', () => {
    expect(queryLanguage('猫 雪', 'en')).toBe('zh');
    expect(queryLanguage('赤い車', 'de')).toBe('ja');
    expect(queryLanguage('富士山', 'ja')).toBe('ja');
    expect(queryLanguage('富士山', 'fr')).toBe('zh');
    expect(queryLanguage('바다', 'en')).toBe('ko');
    expect(queryLanguage('кошка на снегу', 'en')).toBe('ru');
    expect(queryLanguage('кіт', 'uk')).toBe('uk');
    expect(queryLanguage('قطة', 'fr')).toBe('ar');
  });

  it('takes the UI language for Latin script', () => {
    expect(queryLanguage('Angeln am See', 'de')).toBe('de');
    expect(queryLanguage('bolo de aniversário', 'pt')).toBe('pt');
  });
});
