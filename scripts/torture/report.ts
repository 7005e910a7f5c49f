/** @file The torture suite's checks and figures: every check printed, figures as a Markdown table. */

export interface Figure {
  scenario: string;
  runs: number;
  faults: number;
  files: number;
  /** What the user would miss afterwards: photos, files, vectors or tags; must be 0. */
  lost: number;
}

export class Report {
  readonly failures: string[] = [];
  readonly figures: Figure[] = [];

  check(what: string, ok: boolean): boolean {
    if (!ok) this.failures.push(what);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    return ok;
  }

  figure(row: Figure): void {
    this.figures.push(row);
    this.check(`${row.scenario}: nothing lost`, row.lost === 0);
  }

  /** The figures as docs/reliability.md shows them. */
  table(): string {
    const lines = [
      '| scenario | runs | faults injected | files | lost |',
      '|---|---|---|---|---|',
      ...this.figures.map(
        (f) =>
          `| ${f.scenario} | ${String(f.runs)} | ${String(f.faults)} | ${String(f.files)} | ${String(f.lost)} |`,
      ),
    ];
    return lines.join('\n');
  }
}

/** Entries of `expected` that `actual` lacks (as a multiset, compared by value). */
export function missingFrom(expected: readonly unknown[], actual: readonly unknown[]): unknown[] {
  const have = new Map<string, number>();
  for (const a of actual) have.set(JSON.stringify(a), (have.get(JSON.stringify(a)) ?? 0) + 1);
  return expected.filter((e) => {
    const key = JSON.stringify(e);
    const n = have.get(key) ?? 0;
    if (n > 0) have.set(key, n - 1);
    return n === 0;
  });
}
