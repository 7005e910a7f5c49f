/**
 * @file `persons-journal.jsonl`: every decision the user made about faces and persons, by
 * photo fingerprint and box and by person key, never by row id, so they can be replayed onto
 * a restored or rebuilt database ([Note: Database recovery], [Note: Persons]).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { FaceRef } from './face-ref';

/** One decision; replayed in order, they rebuild every person the user touched. */
export type PersonDecision =
  | { op: 'is'; person: string; faces: FaceRef[] }
  | { op: 'not'; person: string; faces: FaceRef[] }
  | { op: 'merge'; from: string[]; into: string }
  | { op: 'name'; person: string; name: string | null }
  | { op: 'hide'; person: string; hidden: boolean }
  | { op: 'cover'; person: string; face: FaceRef | null }
  /** A region name (folded) from other apps goes to this person ([Note: Face regions from other apps]). */
  | { op: 'alias'; name: string; person: string };

const ops = new Set(['is', 'not', 'merge', 'name', 'hide', 'cover', 'alias']);

export class PersonJournal {
  constructor(readonly file: string) {}

  append(decisions: readonly PersonDecision[]): void {
    if (decisions.length === 0) return;
    const at = new Date().toISOString();
    appendFileSync(this.file, decisions.map((d) => `${JSON.stringify({ ...d, at })}\n`).join(''));
  }

  /** Every entry, in order; a line cut short by a crash, or not a decision, is skipped. */
  entries(): PersonDecision[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const e = JSON.parse(line) as { op?: unknown; at?: unknown };
          if (typeof e.op !== 'string' || !ops.has(e.op)) return [];
          delete e.at;
          return [e as PersonDecision];
        } catch {
          return [];
        }
      });
  }
}
