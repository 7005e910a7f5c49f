/**
 * @file The first look's rule: which photos the text stage reads in full. Shared by the
 * inference process, which skips the line reads the rule does not need, and the text stage,
 * which decides.
 *
 * [Note: First look]
 * Most photos hold no text, so the text stage ([Note: Text stage]) first runs the text
 * detector on the photo's 512 px detection input ([Note: Reading text], `look`) and reads in
 * full only photos where it sees text by one of three signs:
 * - a confident word: some text-like area (`minShare` of the photo) and PP-OCR reading one of
 *   the four largest line-like boxes with `minConfidence` — a word, a watermark, a label;
 * - much text-like area (`textShare`) that forms lines (line-like boxes, long side at least
 *   `lineAspect` times the short, over `minLineShare` of the photo): a page of Arabic, Korean or
 *   Cyrillic, which PP-OCR reads with low confidence. Textures (fur, sand, a starfish's skin)
 *   make as much area but in blobs, and no longer pass;
 * - one sure, large line: a line-like box over `signLineArea` of the photo that the detector
 *   is all but certain of (mean probability `signLineScore`), as on a sign or a screenshot of
 *   a few large words. This is what lets Arabic signs through: PP-OCR reads Arabic as low-
 *   confidence noise and two lines of a sign cover under a tenth of the photo.
 * The last two need no line read, so the inference process reads lines only when the area
 * signs do not already decide (`needsLineReads`); that and the rule's own strictness are most
 * of the first look's saving. Chosen on ../shared/data (2026-12-03, docs/benchmarks.md "Text"):
 * of the 1,000 ImageNet photos 97 pass (105 under the earlier rule without the last two signs
 * and with any 10 % of area passing), the rendered Arabic sign and the Arabic screenshot now
 * pass, and no photo of the OCR set that passed before is lost.
 */

/** What the first look measures (the `lookForText` answer). */
export interface TextLook {
  /** Share of the detector's map above its text threshold. */
  share: number;
  /** Text boxes found. */
  regions: number;
  /**
   * PP-OCR's confidence in the largest few line-like boxes: the first read with `minConfidence`
   * (the look reads no further), else the best; 0 when not read.
   */
  confidence: number;
  /** Share of the photo covered by line-like boxes (capped at 1). */
  lineShare: number;
  /** Share of the photo of the largest line-like box the detector is sure of; 0 for none. */
  signLine: number;
}

export const firstLook = {
  minShare: 0.005,
  minConfidence: 0.8,
  textShare: 0.1,
  lineAspect: 2,
  minLineShare: 0.02,
  signLineArea: 0.05,
  signLineScore: 0.985,
};

/** Whether the area signs alone send the photo to full reading (no line read needed). */
export function passesByArea(look: Omit<TextLook, 'confidence' | 'regions'>): boolean {
  return (
    (look.share >= firstLook.textShare && look.lineShare >= firstLook.minLineShare) ||
    look.signLine >= firstLook.signLineArea
  );
}

/** Whether PP-OCR's reading of lines could still change the answer. */
export function needsLineReads(look: Omit<TextLook, 'confidence' | 'regions'>): boolean {
  return look.share >= firstLook.minShare && !passesByArea(look);
}

/** Whether the first look's answer sends a photo to full reading. */
export function passesFirstLook(look: TextLook): boolean {
  return (
    passesByArea(look) ||
    (look.share >= firstLook.minShare && look.confidence >= firstLook.minConfidence)
  );
}
