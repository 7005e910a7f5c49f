/**
 * @file Builds, from OpenAI's merges file (../shared/data/clip-text/bpe_simple_vocab_16e6.txt.gz),
 * the tokenizer.json that Hugging Face's CLIPTokenizerFast saves for openai/clip-vit-base-patch32
 * (transformers' CLIPConverter), so tests can tokenize as ViT-B-32__openai does without
 * shipping a 3.6 MB copy of it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** OpenAI's merges file in the shared data. */
export const clipMergesFile = path.resolve(
  import.meta.dirname,
  '../../../shared/data/clip-text/bpe_simple_vocab_16e6.txt.gz',
);

/**
 * GPT-2's byte → printable character table (bytes_to_unicode), in its insertion order:
 * the printable Latin-1 bytes keep their own character, the rest move to U+0100 onwards.
 */
function byteLevelAlphabet(): string[] {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n);
      n += 1;
    }
  }
  return chars.map((c) => String.fromCodePoint(c));
}

const startOfText = '<|startoftext|>';
const endOfText = '<|endoftext|>';

/** A special token entry of tokenizer.json's added_tokens, as CLIPTokenizer declares them. */
const addedToken = (id: number, content: string) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: true,
  special: true,
});

/**
 * The tokenizer.json of openai/clip-vit-base-patch32: BPE with the `</w>` end-of-word suffix over
 * 49408 tokens (256 byte characters, the same with `</w>`, 48894 merges, then
 * <|startoftext|> 49406 and <|endoftext|> 49407), NFC + whitespace + lowercase normalizer, CLIP's
 * split regex then ByteLevel, and <|startoftext|> … <|endoftext|> around every text.
 */
export function clipTokenizerJson(mergesFile = clipMergesFile): Record<string, unknown> {
  const lines = gunzipSync(readFileSync(mergesFile)).toString('utf8').split('\n');
  // Exactly the merges OpenAI's SimpleTokenizer and HF's CLIPTokenizer read: [1, 49152-256-2+1).
  const merges = lines.slice(1, 49152 - 256 - 2 + 1).map((line) => {
    const [a = '', b = ''] = line.split(' ');
    return [a, b] as const;
  });
  const alphabet = byteLevelAlphabet();
  const tokens = [
    ...alphabet,
    ...alphabet.map((c) => `${c}</w>`),
    ...merges.map(([a, b]) => a + b),
    startOfText,
    endOfText,
  ];
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const bos = vocab[startOfText] ?? -1;
  const eos = vocab[endOfText] ?? -1;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [addedToken(bos, startOfText), addedToken(eos, endOfText)],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFC' },
        { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: { Regex: "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      ],
    },
    // CLIPConverter's "hack to have a ByteLevel and TemplateProcessor".
    post_processor: {
      type: 'RobertaProcessing',
      sep: [endOfText, eos],
      cls: [startOfText, bos],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: endOfText,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}

/** tokenizer_config.json of openai/clip-vit-base-patch32 (the fields tokenizers read). */
export const clipTokenizerConfig = {
  bos_token: startOfText,
  eos_token: endOfText,
  unk_token: endOfText,
  pad_token: endOfText,
  do_lower_case: true,
  model_max_length: 77,
  tokenizer_class: 'CLIPTokenizer',
};
