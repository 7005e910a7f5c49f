/**
 * @file Turns a query or tag prompt into the token ids a text tower was trained on, exactly
 * as the reference does (see [Note: Real model contract]): cleaning from config.json, Hugging
 * Face's Rust tokenizers on textual/tokenizer.json (the library Immich and its exporter use,
 * as a Node addon), padding to the context length with tokenizer_config's pad token,
 * truncation that keeps the template's closing token, and NLLB's language token.
 *
 * [Note: Reference tokenizer]
 * Immich and its exporter tokenize with Hugging Face's Rust `tokenizers`; production uses that
 * library itself (@anush008/tokenizers: tokenizers 0.22 as a prebuilt Node addon for Linux,
 * macOS and Windows), so ids are the reference's by construction. The pure-JS
 * @huggingface/tokenizers 0.2.0 used before agrees on every XTD caption, tag prompt and
 * cleaning input in the three catalog families, but its `Precompiled` normaliser ignores the
 * model's `precompiled_charsmap` (NFKC instead), its regexes know newer Unicode letters, and
 * it encodes lone surrogates: 1–3 of 16 edge strings differ per family
 * (src/worker/tokenizer-parity.test.ts prints the table). The Rust library's truncation
 * counts the template's special tokens, so `<|endoftext|>`, `</s>` or `<eos>` stays at the
 * end of a long text, where OpenAI CLIP and SigLIP pool.
 */
import { Tokenizer } from '@anush008/tokenizers';
import { AppFailure } from '../shared/result';
import { cleanText, type TextCleaning } from './text-cleaning';
import { readModelText } from './model-files';

/** ISO 639-1 (and zh-TW) → FLORES-200 code, for NLLB text towers. */
export const floresCodes: Readonly<Record<string, string>> = {
  af: 'afr_Latn',
  ar: 'arb_Arab',
  az: 'azj_Latn',
  be: 'bel_Cyrl',
  bg: 'bul_Cyrl',
  bn: 'ben_Beng',
  ca: 'cat_Latn',
  cs: 'ces_Latn',
  cy: 'cym_Latn',
  da: 'dan_Latn',
  de: 'deu_Latn',
  el: 'ell_Grek',
  en: 'eng_Latn',
  es: 'spa_Latn',
  et: 'est_Latn',
  eu: 'eus_Latn',
  fa: 'pes_Arab',
  fi: 'fin_Latn',
  fr: 'fra_Latn',
  ga: 'gle_Latn',
  gl: 'glg_Latn',
  gu: 'guj_Gujr',
  he: 'heb_Hebr',
  hi: 'hin_Deva',
  hr: 'hrv_Latn',
  hu: 'hun_Latn',
  hy: 'hye_Armn',
  id: 'ind_Latn',
  is: 'isl_Latn',
  it: 'ita_Latn',
  ja: 'jpn_Jpan',
  ka: 'kat_Geor',
  kk: 'kaz_Cyrl',
  km: 'khm_Khmr',
  kn: 'kan_Knda',
  ko: 'kor_Hang',
  lt: 'lit_Latn',
  lv: 'lvs_Latn',
  mk: 'mkd_Cyrl',
  ml: 'mal_Mlym',
  mn: 'khk_Cyrl',
  mr: 'mar_Deva',
  ms: 'zsm_Latn',
  my: 'mya_Mymr',
  nb: 'nob_Latn',
  ne: 'npi_Deva',
  nl: 'nld_Latn',
  nn: 'nno_Latn',
  pa: 'pan_Guru',
  pl: 'pol_Latn',
  pt: 'por_Latn',
  ro: 'ron_Latn',
  ru: 'rus_Cyrl',
  sk: 'slk_Latn',
  sl: 'slv_Latn',
  sq: 'als_Latn',
  sr: 'srp_Cyrl',
  sv: 'swe_Latn',
  sw: 'swh_Latn',
  ta: 'tam_Taml',
  te: 'tel_Telu',
  th: 'tha_Thai',
  tl: 'tgl_Latn',
  tr: 'tur_Latn',
  uk: 'ukr_Cyrl',
  ur: 'urd_Arab',
  uz: 'uzn_Latn',
  vi: 'vie_Latn',
  zh: 'zho_Hans',
  'zh-TW': 'zho_Hant',
};

const floresPattern = /^[a-z]{3}_[A-Z][a-z]{3}$/;

/** The FLORES code for a language tag ("de", "de-AT", "zh-TW"), or null when unknown. */
export function floresCode(language: string): string | null {
  const exact = floresCodes[language];
  if (exact) return exact;
  const [base = ''] = language.split(/[-_]/);
  if (base === 'zh' && /-(TW|HK|MO|Hant)/i.test(language)) return 'zho_Hant';
  return floresCodes[base.toLowerCase()] ?? null;
}

/** One item of a TemplateProcessing template, as tokenizer.json spells it. */
interface TemplatePiece {
  SpecialToken?: { id?: unknown };
  Sequence?: unknown;
}

/** The special token a TemplateProcessing writes first for a single text, or null. */
function firstTemplateToken(postProcessor: unknown): string | null {
  const p = postProcessor as
    { type?: string; single?: TemplatePiece[]; processors?: unknown[] } | null | undefined;
  if (!p) return null;
  if (p.type === 'Sequence' && Array.isArray(p.processors)) {
    for (const inner of p.processors) {
      const found = firstTemplateToken(inner);
      if (found) return found;
    }
    return null;
  }
  if (p.type !== 'TemplateProcessing' || !Array.isArray(p.single)) return null;
  const first = p.single[0];
  const id = first?.SpecialToken?.id;
  return typeof id === 'string' ? id : null;
}

/** One text as the tower takes it: ids padded to the context length, and the attention mask. */
export interface EncodedText {
  ids: number[];
  mask: number[];
}

export interface TextTokenizerOptions {
  contextLength: number;
  padToken: string;
  cleaning: TextCleaning;
}

export class TextTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly contextLength: number,
    readonly cleaning: TextCleaning,
    /** Id of the FLORES token the template writes first (NLLB), or null for other towers. */
    private readonly languageSlot: number | null,
  ) {}

  /** True when the tower reads the text's language from its first token (NLLB). */
  get usesLanguageToken(): boolean {
    return this.languageSlot !== null;
  }

  /** Loads textual/tokenizer.json from a model folder; `fix` says what to do when it is unusable. */
  static async load(
    dir: string,
    options: TextTokenizerOptions,
    fix: string,
  ): Promise<TextTokenizer> {
    const file = 'textual/tokenizer.json';
    const json = await readModelText(dir, file, fix);
    let tokenizer: Tokenizer;
    let postProcessor: unknown;
    try {
      postProcessor = (JSON.parse(json) as { post_processor?: unknown }).post_processor;
      tokenizer = Tokenizer.fromString(json);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      throw new AppFailure(
        'invalid-argument',
        `The model file ${file} cannot be used (${reason ?? ''}). ${fix}`,
      );
    }
    const padId = tokenizer.tokenToId(options.padToken);
    if (padId === null) {
      throw new AppFailure(
        'invalid-argument',
        `The pad token "${options.padToken}" of textual/tokenizer_config.json is not in the vocabulary of ${file}. ${fix}`,
      );
    }
    tokenizer.setPadding({ maxLength: options.contextLength, padId, padToken: options.padToken });
    tokenizer.setTruncation(options.contextLength);
    const first = firstTemplateToken(postProcessor);
    const languageSlot =
      first !== null && floresPattern.test(first) ? tokenizer.tokenToId(first) : null;
    return new TextTokenizer(tokenizer, options.contextLength, options.cleaning, languageSlot);
  }

  /**
   * Encodes one text. `language` (ISO 639-1) matters only to NLLB towers: the template always
   * writes eng_Latn first, and the tower pools that token, so it is replaced by the text's own
   * language ("Angeln am See" is fishing with deu_Latn, angel statues without it).
   */
  async encode(text: string, language?: string | null): Promise<EncodedText> {
    const encoding = await this.tokenizer.encode(cleanText(text, this.cleaning));
    const ids = encoding.getIds();
    const mask = encoding.getAttentionMask();
    if (this.languageSlot !== null && language && ids[0] === this.languageSlot) {
      const code = floresCode(language);
      const id = code ? this.tokenizer.tokenToId(code) : null;
      if (id !== null) ids[0] = id;
    }
    return { ids, mask };
  }

  /** The id of a token, or null (for tests and checks). */
  idOf(token: string): number | null {
    return this.tokenizer.tokenToId(token);
  }
}
