/**
 * @file Schemas of the files in a CLIP-layout model folder (open_clip exports as Immich
 * publishes them): what Fotoglot reads from config.json, visual/preprocess_cfg.json and
 * textual/tokenizer_config.json. Extra fields are allowed; missing required ones are errors.
 */
import { z } from 'zod';

export const modelConfigSchema = z.looseObject({
  embed_dim: z.number().int().positive(),
  text_cfg: z.looseObject({ context_length: z.number().int().positive().default(77) }),
});

export const preprocessConfigSchema = z.looseObject({
  size: z.union([z.number().int().positive(), z.array(z.number().int().positive()).min(1)]),
  mean: z.tuple([z.number(), z.number(), z.number()]),
  std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  interpolation: z.enum(['bicubic', 'bilinear', 'nearest', 'lanczos']).default('bicubic'),
  resize_mode: z.enum(['shortest', 'squash']).default('shortest'),
});
export type PreprocessConfig = z.infer<typeof preprocessConfigSchema>;

export const tokenizerConfigSchema = z.looseObject({
  pad_token: z.union([z.string(), z.looseObject({ content: z.string() })]),
});

/** The files every model folder must have, relative to its root. */
export const modelFiles = [
  'config.json',
  'visual/model.onnx',
  'visual/preprocess_cfg.json',
  'textual/model.onnx',
  'textual/tokenizer.json',
  'textual/tokenizer_config.json',
] as const;

/** The square input side a preprocess config asks for. */
export function inputSize(cfg: PreprocessConfig): number {
  return typeof cfg.size === 'number' ? cfg.size : (cfg.size[0] ?? 224);
}
