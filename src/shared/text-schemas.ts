/**
 * @file Text read in a photo (issue 18): lines and words with their boxes, as the inference
 * process answers them, the text stage stores them and the viewer draws them.
 *
 * Boxes are four corners (x, y pairs, clockwise from the text's own top-left) in fractions of
 * the photo as the user sees it (EXIF orientation applied), so a rotated or upside-down line
 * keeps its true outline and any view can draw it at its own size.
 */
import { z } from 'zod';

const unit = z.number().min(-0.5).max(1.5);
/** x1, y1, x2, y2, x3, y3, x4, y4: top-left, top-right, bottom-right, bottom-left of the text. */
export const textQuadSchema = z.array(unit).length(8);
export type TextQuad = z.infer<typeof textQuadSchema>;

export const textWordSchema = z.object({
  text: z.string().max(1000),
  box: textQuadSchema,
  /** 0–1. */
  confidence: z.number().min(0).max(1),
});
export type TextWord = z.infer<typeof textWordSchema>;

export const textLineSchema = z.object({
  /** As written (no translation), Unicode NFC. */
  text: z.string().max(5000),
  box: textQuadSchema,
  /** 0–1: the recogniser's mean over the line's characters. */
  confidence: z.number().min(0).max(1),
  /** Words with their own boxes; empty when the recogniser gives none (CJK lines). */
  words: z.array(textWordSchema).max(1000),
  /** Which recogniser read it (e.g. `ppocr-v4`, `tesseract:rus`). */
  reader: z.string().max(100),
});
export type TextLine = z.infer<typeof textLineSchema>;
