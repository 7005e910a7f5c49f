/** @file Dates, numbers and durations formatted with Intl for the UI language. */

/** Intl formatters are costly to build and the grid formats hundreds of dates a second: reuse them. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${String(withTime)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: 'UTC',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatDate(local: string | null, locale: string, withTime = true): string {
  if (!local) return '';
  // Capture times are wall-clock times where the photo was taken: format them as such (UTC = no shift).
  const date = new Date(`${local}Z`);
  if (Number.isNaN(date.getTime())) return local;
  return dateFormatter(locale, withTime).format(date);
}

export function formatMonth(local: string, locale: string): string {
  const date = new Date(`${local.slice(0, 7)}-01T00:00:00Z`);
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(date);
}

export function formatNumber(n: number, locale: string, digits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

export function formatPercent(fraction: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    fraction,
  );
}

/** A duration in the largest sensible unit ("3 min", "2 h"). */
export function formatDuration(seconds: number, locale: string): string {
  const [value, unit] =
    seconds < 90
      ? [seconds, 'second']
      : seconds < 5400
        ? [seconds / 60, 'minute']
        : [seconds / 3600, 'hour'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  }).format(value);
}

export function formatBytes(bytes: number, locale: string): string {
  const [value, unit] =
    bytes >= 1e9
      ? [bytes / 1e9, 'gigabyte']
      : bytes >= 1e6
        ? [bytes / 1e6, 'megabyte']
        : [bytes / 1e3, 'kilobyte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}
