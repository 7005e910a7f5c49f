/**
 * @file Which exposure values are believed: cameras and editors write sentinels and garbage
 * (0xFFFFFFFF seconds, ƒ/0, 0 mm, ISO 0) that must not be shown as facts.
 *
 * [Note: Implausible exposure values]
 * A value outside what any camera can do is treated as absent: it is dropped when metadata is
 * read (so the database, the CLI and the UI never see it) and again when a photo is served (rows
 * read by an older version still hold them). The bounds are generous on purpose: hours-long
 * exposures, ƒ/0.7 lenses, 1 mm phone lenses and 5000 mm telescopes stay.
 */

export interface ExposureValues {
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  focalLength: number | null;
}

const within = (value: number | null, min: number, max: number): number | null =>
  value !== null && Number.isFinite(value) && value >= min && value <= max ? value : null;

/** The values with every implausible one set to null (see [Note: Implausible exposure values]). */
export function plausibleExposure<T extends ExposureValues>(values: T): T {
  return {
    ...values,
    // Seconds: 1/64000 s (electronic shutters) up to a night-long 12 h exposure.
    exposureTime: within(values.exposureTime, 1 / 64_000, 12 * 3600),
    fNumber: within(values.fNumber, 0.7, 256),
    iso: within(values.iso, 1, 10_000_000),
    // Millimetres, as written (not 35 mm equivalent).
    focalLength: within(values.focalLength, 0.5, 5000),
  };
}
