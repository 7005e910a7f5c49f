/**
 * @file What a model's two ONNX graphs accept and produce, read from their metadata at load
 * and checked against the folder's configs before anything runs.
 *
 * [Note: Real model contract]
 * The models users download are Immich's exports (immich-app/ml-models,
 * `immich_model_exporter/exporters/onnx/models/openclip.py`): `encode_image(normalize=True)`
 * and `encode_text(normalize=True)` traced from a dummy input of batch 1 with `dynamic_axes`
 * commented out, so every graph takes exactly ONE image or ONE text per run (Immich's ML
 * service always runs batch 1). Outputs are named `image_embedding` / `text_embedding` in
 * current exports and `embedding` in older ones. Text towers take int32 (or int64) token ids
 * `[b, context_length]`; XLM-R / M-CLIP exports take two inputs, `input_ids` and
 * `attention_mask`. Towers over 2 GB keep their weights in external-data files beside
 * `model.onnx`. Text is cleaned as `config.json` says (`canonicalize` for SigLIP), tokenized
 * by Hugging Face's Rust tokenizers and padded to the context length, keeping the closing
 * special token on truncation; NLLB's first token is the query language's FLORES code
 * (text-tokenizer.ts). Pixels are the original resized as open_clip does
 * ([Note: Model input pixels]). So: this module reads each graph's batch size and names, the
 * worker runs images and texts in chunks the graph accepts (clip-model.ts), and a folder
 * that breaks the contract is refused at load with the file and the fix, before it is
 * installed or made active (model-manager.ts). models/test-variants/ reproduces each of these
 * contracts so CI runs them.
 */
import type * as ort from 'onnxruntime-node';
import { AppFailure } from '../shared/result';

/** A tensor input or output as the graph declares it. */
interface TensorInfo {
  name: string;
  type: string;
  /** Numbers are fixed sizes, strings symbolic (dynamic) ones; empty when undeclared. */
  shape: readonly (number | string)[];
}

/** How to feed and read one tower. */
export interface TowerContract {
  /** Input names in the order the tower needs them: [ids] or [ids, mask] for text, [pixels] for images. */
  inputs: string[];
  /** Token id type the text tower takes (int32 unless the graph says int64). */
  idType: 'int32' | 'int64';
  output: string;
  /** Largest batch one run accepts: the fixed batch dimension, or null when it is dynamic. */
  batch: number | null;
}

/** What the configs say the graphs must be. */
export interface ExpectedShapes {
  imageSize: number;
  contextLength: number;
  dimension: number;
}

const tensors = (values: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] =>
  values.flatMap((v) => (v.isTensor ? [{ name: v.name, type: v.type, shape: v.shape }] : []));

const describe = (t: TensorInfo) =>
  `${t.type} [${t.shape.map((d) => (typeof d === 'number' ? String(d) : d)).join(', ')}]`;

/** True when the dimension is symbolic or equal to `size`. */
const fits = (dim: number | string | undefined, size: number) =>
  typeof dim === 'string' || dim === size || dim === -1;

/** The fixed batch dimension, or null when the graph leaves it dynamic. */
const batchOf = (t: TensorInfo): number | null => {
  const first = t.shape[0];
  return typeof first === 'number' && first > 0 ? first : null;
};

function refuse(file: string, problem: string, fix: string): never {
  throw new AppFailure('invalid-argument', `The model file ${file} ${problem}. ${fix}`);
}

/** The embedding output: the exporter's name for this tower, then the older `embedding`, else the only one. */
function pickOutput(outputs: TensorInfo[], preferred: string, file: string, fix: string) {
  const output =
    outputs.find((o) => o.name === preferred) ??
    outputs.find((o) => o.name === 'embedding') ??
    (outputs.length === 1 ? outputs[0] : undefined);
  if (!output)
    refuse(
      file,
      `has outputs ${outputs.map((o) => o.name).join(', ') || '(none)'} but none named ${preferred} or embedding`,
      fix,
    );
  return output;
}

function checkOutput(output: TensorInfo, dimension: number, file: string, fix: string): void {
  if (output.type !== 'float32' || (output.shape.length > 0 && output.shape.length !== 2))
    refuse(file, `outputs ${describe(output)}; Fotoglot needs float32 [batch, embed_dim]`, fix);
  if (output.shape.length === 2 && !fits(output.shape[1], dimension))
    refuse(
      file,
      `outputs ${String(output.shape[1])}-dimensional vectors but config.json says embed_dim ${String(dimension)}`,
      fix,
    );
}

/** Checks the image tower and says how to feed it. */
export function visualContract(
  session: Pick<ort.InferenceSession, 'inputMetadata' | 'outputMetadata'>,
  expected: ExpectedShapes,
  fix: string,
): TowerContract {
  const file = 'visual/model.onnx';
  const inputs = tensors(session.inputMetadata);
  const [input] = inputs;
  if (inputs.length !== 1 || !input)
    refuse(file, `has ${String(inputs.length)} inputs; an image tower takes one`, fix);
  const s = expected.imageSize;
  if (input.type !== 'float32' || input.shape.length !== 4)
    refuse(
      file,
      `takes ${describe(input)}; Fotoglot needs float32 [batch, 3, ${String(s)}, ${String(s)}]`,
      fix,
    );
  if (!fits(input.shape[1], 3) || !fits(input.shape[2], s) || !fits(input.shape[3], s))
    refuse(
      file,
      `takes ${describe(input)} but visual/preprocess_cfg.json makes ${String(s)}×${String(s)} images`,
      fix,
    );
  const output = pickOutput(tensors(session.outputMetadata), 'image_embedding', file, fix);
  checkOutput(output, expected.dimension, file, fix);
  return { inputs: [input.name], idType: 'int32', output: output.name, batch: batchOf(input) };
}

/** Checks the text tower (one ids input, or ids + attention mask) and says how to feed it. */
export function textualContract(
  session: Pick<ort.InferenceSession, 'inputMetadata' | 'outputMetadata'>,
  expected: ExpectedShapes,
  fix: string,
): TowerContract {
  const file = 'textual/model.onnx';
  const inputs = tensors(session.inputMetadata);
  if (inputs.length < 1 || inputs.length > 2)
    refuse(
      file,
      `has ${String(inputs.length)} inputs; a text tower takes token ids (and optionally an attention mask)`,
      fix,
    );
  const mask = inputs.length === 2 ? inputs.find((i) => /mask/i.test(i.name)) : undefined;
  if (inputs.length === 2 && !mask)
    refuse(
      file,
      `has inputs ${inputs.map((i) => i.name).join(', ')}; the second must be an attention mask`,
      fix,
    );
  const ids = inputs.find((i) => i !== mask) as TensorInfo;
  const l = expected.contextLength;
  for (const input of [ids, mask].filter((i) => i !== undefined)) {
    if ((input.type !== 'int32' && input.type !== 'int64') || input.shape.length !== 2)
      refuse(
        file,
        `takes ${input.name} as ${describe(input)}; Fotoglot needs int32 or int64 [batch, ${String(l)}]`,
        fix,
      );
    if (!fits(input.shape[1], l))
      refuse(
        file,
        `takes ${String(input.shape[1])} tokens but config.json says context_length ${String(l)}`,
        fix,
      );
  }
  if (mask && mask.type !== ids.type)
    refuse(file, `takes ids as ${ids.type} and the mask as ${mask.type}; they must match`, fix);
  const output = pickOutput(tensors(session.outputMetadata), 'text_embedding', file, fix);
  checkOutput(output, expected.dimension, file, fix);
  const batches = [ids, mask].filter((i) => i !== undefined).map(batchOf);
  const fixed = batches.filter((b) => b !== null);
  return {
    inputs: mask ? [ids.name, mask.name] : [ids.name],
    idType: ids.type === 'int64' ? 'int64' : 'int32',
    output: output.name,
    batch: fixed.length > 0 ? Math.min(...fixed) : null,
  };
}

/** Splits `count` items into runs the tower accepts (all at once when its batch is dynamic). */
export function chunks(count: number, batch: number | null): { start: number; size: number }[] {
  const step = batch ?? Math.max(1, count);
  const out: { start: number; size: number }[] = [];
  for (let start = 0; start < count; start += step)
    out.push({ start, size: Math.min(step, count - start) });
  return out;
}
