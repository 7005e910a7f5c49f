/** @file Counts in the CLI's English: "1 photo", "1,050 photos". */

/** `n` followed by `noun`, plural unless n is 1 (`plural` when the noun is irregular). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
