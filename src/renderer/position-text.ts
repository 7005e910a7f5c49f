/**
 * @file A position pasted as text ("43.4633, 11.8797", "43.4633 11.8797", "-33.86;151.21"), as
 * maps and other apps copy it, for "Set place…". Pure, so it is unit tested.
 */

const number = String.raw`([+-]?\d{1,3}(?:\.\d+)?)`;
const pattern = new RegExp(String.raw`^\s*${number}\s*[,;\s]\s*${number}\s*$`);

/** Latitude then longitude in decimal degrees, or null when the text is not a real position. */
export function parsePosition(text: string): { lat: number; lon: number } | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  // 0, 0 is where broken GPS tags point ("null island"), never where a photo was set.
  if (lat === 0 && lon === 0) return null;
  return { lat, lon };
}
