/** open_clip's text cleaning: the reference outputs in ../shared/data/fidelity, Python's semantics, ftfy's fixes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanText, htmlUnescape, textCleaningOf } from './text-cleaning';

interface Row {
  input: string;
  open_clip_canonicalize: string;
  open_clip_whitespace: string;
}
const rows = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '../../../shared/data/fidelity/clean-text.json'),
    'utf8',
  ),
) as Row[];

describe('the open_clip reference (clean-text.json)', () => {
  it('has its rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(23);
  });

  it.each(rows.map((r) => [r.input, r] as const))('canonicalize %j', (_input, row) => {
    expect(cleanText(row.input, 'canonicalize')).toBe(row.open_clip_canonicalize);
  });

  it.each(rows.map((r) => [r.input, r] as const))('whitespace %j', (_input, row) => {
    expect(cleanText(row.input, 'whitespace')).toBe(row.open_clip_whitespace);
  });

  it('lower is whitespace, lowercased', () => {
    for (const row of rows) {
      expect(cleanText(row.input, 'lower')).toBe(row.open_clip_whitespace.toLowerCase());
    }
  });
});

describe('lower (open_clip _clean_lower)', () => {
  it.each([
    ['A Photo of Red.', 'a photo of red.'],
    ['  Hund   am STRAND ', 'hund am strand'],
    ['dog_house', 'dog_house'],
    ['tom &amp; jerry', 'tom & jerry'],
    ['İstanbul', 'i\u0307stanbul'], // Python: 'İ'.lower() is i + combining dot
    ['ΟΔΟΣ ΟΔΟΣ', 'οδος οδος'], // final sigma, as Python 3 lowers it
    ['ΣΟΦΙΑ', 'σοφια'],
    ['STRASSE Straße', 'strasse straße'],
    ['e\u0301cole', 'école'], // ftfy's NFC
  ])('%j → %j', (input, expected) => {
    expect(cleanText(input, 'lower')).toBe(expected);
  });
});

describe('Python semantics', () => {
  it("splits on Python's whitespace, not only ASCII", () => {
    const spaced = 'a\u00a0b\u2000c\u202fd\u205fe\u1680f\tg\fh\u2009i';
    expect(cleanText(spaced, 'whitespace')).toBe('a b c d e f g h i');
    // U+200B is not whitespace in Python; U+FEFF is, for neither (ftfy removes it).
    expect(cleanText('a\u200bb \ufeffc', 'whitespace')).toBe('a\u200bb c');
  });

  it('removes only ASCII punctuation (string.punctuation)', () => {
    expect(cleanText('¿Qué? «chat» — 「猫」。', 'canonicalize')).toBe('¿qué «chat» — 「猫」。');
    expect(cleanText('a_b-c.d', 'canonicalize')).toBe('a bcd');
  });

  // Expected values printed by Python 3.11's html.unescape.
  it.each([
    ['&amp;', '&'],
    ['&amp', '&'],
    ['&ampx', '&x'],
    ['&notit;', '¬it;'],
    ['&notin;', '∉'],
    ['&#39;', "'"],
    ['&#X27', "'"],
    ['&#1;', ''],
    ['&#11;', ''],
    ['&#127;', ''],
    ['&#xFDD0;', ''],
    ['&#xfffe;', ''],
    ['&#0;', '\ufffd'],
    ['&#128;', '€'],
    ['&#xD800;', '\ufffd'],
    ['&#x110000;', '\ufffd'],
    ['&copy2024', '©2024'],
    ['&foo;', '&foo;'],
    ['&#x1F436;', '🐶'],
  ])('html.unescape(%j) is %j', (input, expected) => {
    expect(htmlUnescape(input)).toBe(expected);
  });

  it('unescapes twice after ftfy (so three levels of &amp; when there is no "<")', () => {
    expect(cleanText('tom &amp;amp; jerry', 'whitespace')).toBe('tom & jerry');
    expect(cleanText('a &amp;amp;amp;amp; b', 'whitespace')).toBe('a & b');
    // A '<' turns ftfy's entity fix off; html.unescape still runs twice.
    expect(cleanText('<b> &amp;amp;amp; </b>', 'whitespace')).toBe('<b> &amp; </b>');
  });
});

// ftfy 6.1's deterministic fixers, with the examples from its docstrings.
describe('ftfy fixes', () => {
  it.each([
    ['ＬＯＵＤ　ＮＯＩＳＥＳ', 'LOUD NOISES'],
    ['Broken text&hellip; it&#x2019;s ﬂubberiﬁc!', "Broken text… it's flubberific!"],
    ['ﬂuﬃeﬆ', 'fluffiest'],
    ['\u201chere\u2019s a test\u201d', '"here\'s a test"'],
    ['Ｕﾀｰﾝ', 'Uターン'],
    ["\x1b[36;44mI'm blue, da ba dee\x1b[0m", "I'm blue, da ba dee"],
    ['P&EACUTE;REZ', 'PÉREZ'],
    ['BUNDESSTRA&SZLIG;E', 'BUNDESSTRASSE'],
    ['&ntilde; &Ntilde; &NTILDE; &nTILDE;', 'ñ Ñ Ñ &nTILDE;'],
    ['a\x00b\x07c\u206ad\ufeffe\ufffcf', 'abcdef'],
    ['\x93quoted\x94 \x85', '"quoted" …'], // C1 controls read as Windows-1252
  ])('%j → %j', (input, expected) => {
    expect(cleanText(input, 'whitespace')).toBe(expected);
  });

  it('canonicalize drops fullwidth punctuation, since ftfy made it ASCII first', () => {
    expect(cleanText('棒球大联盟联赛上，匹兹堡海盗队！（猫）', 'canonicalize')).toBe(
      '棒球大联盟联赛上匹兹堡海盗队猫',
    );
    expect(cleanText('l’été dernier', 'canonicalize')).toBe('lété dernier');
  });
});

describe('textCleaningOf', () => {
  it('reads text_cfg.tokenizer_kwargs.clean, whitespace by default', () => {
    const config = (clean: unknown) => ({ text_cfg: { tokenizer_kwargs: { clean } } });
    expect(textCleaningOf(config('canonicalize'))).toBe('canonicalize');
    expect(textCleaningOf(config('lower'))).toBe('lower');
    expect(textCleaningOf(config('whitespace'))).toBe('whitespace');
    expect(textCleaningOf({ text_cfg: { context_length: 64 } })).toBe('whitespace');
    expect(textCleaningOf({})).toBe('whitespace');
    expect(textCleaningOf(null)).toBe('whitespace');
    expect(() => textCleaningOf(config('bogus'))).toThrow(
      /"bogus".*canonicalize, whitespace, lower/,
    );
    expect(() => textCleaningOf(config(null))).toThrow(/null/);
  });
});
