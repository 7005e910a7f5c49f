import { describe, expect, it } from 'vitest';
import {
  conceptsNamed,
  displayName,
  tagLanguage,
  tagLanguages,
  vocabulary,
} from './tag-vocabulary';

describe('the tag vocabulary', () => {
  it('has several hundred concepts, each named in every shipped language', () => {
    expect(vocabulary.tags.length).toBeGreaterThanOrEqual(300);
    expect(new Set(vocabulary.tags.map((t) => t.id)).size).toBe(vocabulary.tags.length);
    for (const t of vocabulary.tags)
      for (const lang of tagLanguages)
        expect(t.names[lang].trim(), `${t.id} in ${lang}`).not.toBe('');
  });

  it('covers what people photograph: scenes, animals, food, events, documents', () => {
    const categories = new Set(vocabulary.tags.map((t) => t.category));
    for (const c of ['scene', 'animal', 'food', 'event', 'document', 'people', 'vehicle'])
      expect(categories).toContain(c);
    for (const id of ['beach', 'dog', 'birthday-cake', 'receipt', 'screenshot', 'wedding'])
      expect(displayName(id, 'de'), id).not.toBe(id);
  });

  it('names no two concepts the same within one language (a typed tag means one thing)', () => {
    for (const lang of tagLanguages) {
      const names = vocabulary.tags.map((t) => t.names[lang].toLocaleLowerCase());
      const repeated = names.filter((n, i) => names.indexOf(n) !== i);
      expect(repeated, lang).toEqual([]);
    }
  });

  it('resolves names typed in any language to their concept', () => {
    expect(conceptsNamed('Strand')).toEqual(['beach']);
    expect(conceptsNamed('海滩')).toEqual(['beach']);
    expect(conceptsNamed('CHAT')).toEqual(['cat']);
    expect(conceptsNamed('Omas Garten')).toEqual([]);
    expect(tagLanguage('pt-BR')).toBe('pt');
    expect(tagLanguage('zh-CN')).toBe('zh');
    expect(tagLanguage('ko')).toBe('en');
  });
});
