/** @file A seeded generator, so a failing torture run can be repeated (TORTURE_SEED). */
let seed = Number(process.env.TORTURE_SEED ?? 7);

export function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
