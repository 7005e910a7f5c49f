/**
 * @file An append-only JSON-lines journal of user decisions (see [Note: Database recovery]):
 * one decision per line with the time it was made, read back in order; a line cut short by a
 * crash, or one that is not a decision, is skipped rather than failing the replay.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export class JsonlJournal<T extends object> {
  /** `parse` returns the decision a parsed line holds, or null when it holds none. */
  constructor(
    readonly file: string,
    private readonly parse: (entry: Record<string, unknown>) => T | null,
  ) {}

  append(decisions: readonly T[]): void {
    if (decisions.length === 0) return;
    const at = new Date().toISOString();
    appendFileSync(this.file, decisions.map((d) => `${JSON.stringify({ ...d, at })}\n`).join(''));
  }

  /** Every decision, in order. */
  entries(): T[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const entry: unknown = JSON.parse(line);
          if (typeof entry !== 'object' || entry === null) return [];
          const decision = this.parse(entry as Record<string, unknown>);
          return decision ? [decision] : [];
        } catch {
          return [];
        }
      });
  }
}
