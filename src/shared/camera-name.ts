/**
 * @file The one name a camera is shown, filtered and suggested under, from EXIF Make and Model.
 *
 * [Note: Camera names]
 * Cameras write Make and Model independently, and most repeat the brand in the model ("Canon"
 * + "Canon EOS 40D", "NIKON CORPORATION" + "NIKON D70"), so gluing them together shows
 * "Canon Canon EOS 40D". The name is: the make without company words ("Corporation",
 * "Co.,Ltd.", "Imaging Corp."), shouted brands in title case ("NIKON" → "Nikon", short
 * acronyms like "HMD" kept), then the model, without the brand when the model already starts
 * with it. Only display: the raw values stay in the database, and the `camera:` filter matches
 * either (the SQL function `camera_name`, registered on every connection, is this function).
 */

/** Words in a Make that name the company, not the brand. */
const companyWords =
  /^(corporation|corp\.?|co\.?|co\.?,\s*ltd\.?|co\.,ltd\.?|ltd\.?|inc\.?|company|imaging|optical|computer|electric|electronics|techwin|global)$/i;

const clean = (value: string | null | undefined): string =>
  (value ?? '').replace(/\0/g, '').replace(/\s+/g, ' ').trim();

/** "NIKON" → "Nikon", "samsung" → "Samsung"; mixed case ("GoPro") and acronyms ("HMD") stay. */
function brandCase(word: string): string {
  const letters = word.replace(/[^\p{L}]/gu, '');
  const shouted = letters === letters.toUpperCase() || letters === letters.toLowerCase();
  if (letters.length < 4 || !shouted) return word;
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** The brand of a Make: company words dropped (unless nothing else is left), brands cased. */
function brandOf(make: string): string {
  // "CO.,LTD" may stand alone or be glued to the name by a comma ("SANYO Electric Co.,Ltd.").
  const words = make.replace(/,(?=\s*co\b)/i, ' ').split(' ');
  const kept = words.filter((w) => !companyWords.test(w.replace(/,$/, '')));
  return (kept.length > 0 ? kept : words).map(brandCase).join(' ');
}

/**
 * The camera's name for people (see [Note: Camera names]); null when neither value is set.
 * @example cameraName('NIKON CORPORATION', 'NIKON D70') === 'Nikon D70'
 */
export function cameraName(
  make: string | null | undefined,
  model: string | null | undefined,
): string | null {
  const rawMake = clean(make);
  const rawModel = clean(model);
  if (!rawMake) return rawModel || null;
  const brand = brandOf(rawMake);
  if (!rawModel) return brand;
  const modelWords = rawModel.split(' ');
  const first = modelWords[0]?.toLowerCase() ?? '';
  // The model repeats the brand, or one word of it ("EASTMAN KODAK" + "KODAK DC240").
  const brandWord = brand.split(' ').find((w) => w.toLowerCase() === first);
  if (brandWord !== undefined) return [brandWord, ...modelWords.slice(1)].join(' ');
  if (rawModel.toLowerCase().startsWith(brand.toLowerCase())) return rawModel;
  return `${brand} ${rawModel}`;
}
