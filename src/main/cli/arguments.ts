/** @file Parsing of numeric command-line arguments, with messages that say what to type. */
import { UsageError } from './usage-error';

/** A whole number ≥ `min` given as `flag`, or a UsageError naming the flag. */
export function wholeNumber(text: string, flag: string, min: number, max = 10_000_000): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new UsageError(
      `${flag} must be a whole number from ${String(min)} to ${String(max)}, not "${text}".`,
    );
  return n;
}
