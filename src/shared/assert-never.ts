/** @file Exhaustiveness check for switches over unions (§5.7). */

/** Call in the `default` branch of a switch that must cover every case of a union. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
