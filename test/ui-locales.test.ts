/**
 * Every shipped UI language is complete: each key of the English strings, every plural form
 * the language needs (Intl.PluralRules), the same {{placeholders}}; and every key the
 * renderer's source asks for exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const localesDir = path.resolve(import.meta.dirname, '../src/renderer/i18n/locales');
const read = (file: string) =>
  JSON.parse(readFileSync(path.join(localesDir, file), 'utf8')) as Record<string, string>;
const en = read('en.json');
const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const bases = [...new Set(Object.keys(en).map((k) => k.replace(pluralSuffix, '')))];
const isPlural = (base: string) => `${base}_other` in en;
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const languages = readdirSync(localesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('UI translations', () => {
  it('ship the ten languages', () => {
    expect(languages.sort()).toEqual([
      'ar',
      'de',
      'en',
      'es',
      'fr',
      'it',
      'ja',
      'pt',
      'ru',
      'zh-CN',
    ]);
  });

  it.each(languages)('%s has every key, plural form and placeholder', (lang) => {
    const strings = read(`${lang}.json`);
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const base of bases) {
      const keys = isPlural(base) ? categories.map((c) => `${base}_${c}`) : [base];
      for (const key of keys) {
        expect(strings[key]?.trim(), `${lang}: ${key}`).toBeTruthy();
        const reference = en[key] ?? en[`${base}_other`] ?? '';
        const expected = placeholders(reference).filter((p) => p !== 'count');
        expect(
          placeholders(strings[key] ?? '').filter((p) => p !== 'count'),
          `${lang}: ${key}`,
        ).toEqual(expected);
      }
    }
    const unknown = Object.keys(strings).filter(
      (k) => !bases.includes(k.replace(pluralSuffix, '')),
    );
    expect(unknown, lang).toEqual([]);
  });

  it('has a string for every key the renderer uses', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name)) sources.push(readFileSync(full, 'utf8'));
      }
    };
    walk(path.resolve(import.meta.dirname, '../src/renderer'));
    const used = sources.flatMap((s) => [...s.matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1] ?? ''));
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((k) => !bases.includes(k))).toEqual([]);
  });
});
