/**
 * @file Text cleaning exactly as open_clip does it before tokenizing (src/open_clip/tokenizer.py),
 * chosen by config.json → text_cfg.tokenizer_kwargs.clean: 'canonicalize' (every SigLIP and
 * SigLIP 2 model), 'whitespace' (the default) or 'lower'.
 *
 * [Note: Python text semantics]
 * open_clip runs in Python, so each step here reproduces the Python behaviour, not the
 * nearest JavaScript one: `str.split()` / `str.strip()` use Python's whitespace (which includes
 * \x1c–\x1f and \x85 and excludes \ufeff, unlike JS `\s`); `html.unescape` drops the
 * code points it calls invalid (`&#1;` → ''); ftfy's deterministic fixes (NFC, fullwidth
 * forms, curly quotes, Latin ligatures, C1 controls, control characters, HTML entities) are
 * ported from ftfy 6.1. Not ported: ftfy's mojibake repair (`fix_encoding`), a heuristic that
 * leaves ordinary typed text alone. `str.lower()` needs no port: JS `toLowerCase()` agrees with
 * it on every code point (İ → i̇, final sigma included) except letters added after Unicode 14.
 */
import { decodeHTML, decodeHTMLStrict } from 'entities';

/** The cleanings open_clip knows (`get_clean_fn`). */
export const textCleanings = ['canonicalize', 'whitespace', 'lower'] as const;
export type TextCleaning = (typeof textCleanings)[number];

// Python's str.isspace() set (3.11): what str.split() and str.strip() act on.
const ws =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const wsRun = new RegExp(`[${ws}]+`, 'g');
const wsEdges = new RegExp(`^[${ws}]+|[${ws}]+$`, 'g');

/** Python `' '.join(text.split())`. */
const collapseWhitespace = (text: string) =>
  text
    .split(wsRun)
    .filter((part) => part !== '')
    .join(' ');

/** Python `text.strip()`. */
const strip = (text: string) => text.replace(wsEdges, '');

/** Python's string.punctuation: ASCII only, so '。' or '¿' stay. */
const asciiPunctuation = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Code points Python's html.unescape turns into '' (html._invalid_codepoints less the cp1252 ones). */
function isInvalidCodepoint(n: number): boolean {
  return (
    (n >= 0x1 && n <= 0x8) ||
    n === 0xb ||
    (n >= 0xe && n <= 0x1f) ||
    n === 0x7f ||
    (n >= 0xfdd0 && n <= 0xfdef) ||
    (n & 0xfffe) === 0xfffe
  );
}

const charref = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/gu;

/** One character reference as Python's html.unescape replaces it (`ref` without the '&'). */
function unescapeRef(ref: string): string {
  if (!ref.startsWith('#')) return decodeHTML(`&${ref}`);
  const hex = ref[1] === 'x' || ref[1] === 'X';
  const digits = ref.slice(hex ? 2 : 1).replace(/;$/, '');
  const n = Number.parseInt(digits, hex ? 16 : 10);
  // 0, 0x0d and 0x80–0x9f (cp1252), surrogates and out-of-range agree with the WHATWG decoder.
  if (n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) && isInvalidCodepoint(n)) return '';
  return decodeHTML(`&${ref}`);
}

/** Python's html.unescape: one pass, the longest legacy name wins (`&notit;` → '¬it;'). */
export function htmlUnescape(text: string): string {
  return text.includes('&') ? text.replace(charref, (_m, ref: string) => unescapeRef(ref)) : text;
}

// ---- ftfy 6.1 fix_text, the deterministic fixers (ftfy/fixes.py, ftfy/chardata.py) ----

const ftfyEntity = /&#?[0-9A-Za-z]{1,24};/g;

/** ftfy's unescape_html: complete `&name;` entities only, plus ALL-CAPS ones (&EACUTE; → É). */
function ftfyUnescape(text: string): string {
  return text.replace(ftfyEntity, (m) => {
    if (m.startsWith('&#')) {
      // A reference html.unescape only partly consumed ('&#65x;' → 'Ax;') stays as it was.
      const decoded = htmlUnescape(m);
      return decoded.includes(';') ? m : decoded;
    }
    const exact = decodeHTMLStrict(m);
    if (exact !== m) return exact;
    const lower = m.toLowerCase();
    const char = decodeHTMLStrict(lower);
    const upperOfEntity = m === lower.toUpperCase() && char !== lower;
    return upperOfEntity && htmlUnescape(m) === m ? char.toUpperCase() : m;
  });
}

const ligatures: Record<string, string> = {
  Ĳ: 'IJ',
  ĳ: 'ij',
  ŉ: 'ʼn',
  Ǳ: 'DZ',
  ǲ: 'Dz',
  ǳ: 'dz',
  Ǆ: 'DŽ',
  ǅ: 'Dž',
  ǆ: 'dž',
  Ǉ: 'LJ',
  ǈ: 'Lj',
  ǉ: 'lj',
  Ǌ: 'NJ',
  ǋ: 'Nj',
  ǌ: 'nj',
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'ſt',
  ﬆ: 'st',
};
const ligatureRe = new RegExp(`[${Object.keys(ligatures).join('')}]`, 'g');

/** ftfy's width map: U+3000 → ' ', and U+FF01–U+FFEF → their NFKC form where it differs. */
const widthRe = /[\u3000\uff01-\uffef]/g;
const toStandardWidth = (c: string) => (c === '\u3000' ? ' ' : c.normalize('NFKC'));

// Windows-1252 at 0x80–0x9f; its five unassigned bytes stay as they are (ftfy's "sloppy" codec).
const windows1252C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
/** ftfy's fix_c1_controls: U+0080–U+009F read as (sloppy) Windows-1252. */
const fixC1 = (c: string) => windows1252C1[c.charCodeAt(0) - 0x80] ?? c;

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC, which ftfy strips
const terminalEscape = /\x1b\[(?:\p{Nd}|;)*[a-zA-Z]/gu;
// eslint-disable-next-line no-control-regex -- the control characters ftfy removes
const controlChars = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g;

/** One pass of ftfy's fix_and_explain loop, less fix_encoding. */
function ftfyPass(text: string, unescape: boolean): string {
  let t = unescape ? ftfyUnescape(text) : text;
  t = t.replace(/[\x80-\x9f]/g, fixC1);
  t = t.replace(ligatureRe, (c) => ligatures[c] ?? c);
  t = t.replace(widthRe, toStandardWidth);
  t = t.replace(/[\u02bc\u2018-\u201b]/g, "'").replace(/[\u201c-\u201f]/g, '"');
  t = t.replace(/\r\n|[\r\u2028\u2029\x85]/g, '\n');
  t = t.replace(loneSurrogate, '\ufffd');
  t = t.replace(terminalEscape, '');
  t = t.replace(controlChars, '');
  return t.normalize('NFC');
}

/** ftfy.fix_text: line by line; entities stay escaped from the first line holding '<' on. */
function fixText(text: string): string {
  let unescape = true;
  return (text.match(/[^\n]*\n|[^\n]+$/g) ?? [])
    .map((segment) => {
      if (segment.includes('<')) unescape = false;
      for (let t = segment; ;) {
        const next = ftfyPass(t, unescape);
        if (next === t) return t;
        t = next;
      }
    })
    .join('');
}

/** open_clip's basic_clean: ftfy, html.unescape twice, strip. */
const basicClean = (text: string) => strip(htmlUnescape(htmlUnescape(fixText(text))));

/**
 * `text` as open_clip cleans it before tokenizing with the model's tokenizer.
 * canonicalize: `_` → space, ASCII punctuation removed, lowercased, whitespace collapsed;
 * whitespace: whitespace collapsed; lower: whitespace collapsed, then lowercased.
 */
export function cleanText(text: string, mode: TextCleaning): string {
  const basic = basicClean(text);
  switch (mode) {
    case 'whitespace':
      return strip(collapseWhitespace(basic));
    case 'lower':
      return strip(collapseWhitespace(basic)).toLowerCase();
    case 'canonicalize':
      return strip(
        collapseWhitespace(basic.replaceAll('_', ' ').replace(asciiPunctuation, '').toLowerCase()),
      );
  }
}

/**
 * The cleaning a model's config.json asks for (text_cfg.tokenizer_kwargs.clean), 'whitespace'
 * when it names none, as open_clip's get_tokenizer does. Throws on a value open_clip rejects.
 */
export function textCleaningOf(config: unknown): TextCleaning {
  const value = field(field(field(config, 'text_cfg'), 'tokenizer_kwargs'), 'clean');
  if (value === undefined) return 'whitespace';
  if (typeof value === 'string' && (textCleanings as readonly string[]).includes(value)) {
    return value as TextCleaning;
  }
  throw new Error(
    `config.json asks for the text cleaning ${JSON.stringify(value)} (text_cfg.tokenizer_kwargs.clean); Fotoglot knows ${textCleanings.join(', ')}.`,
  );
}

const field = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;
