/** @file Builds the Node bundles once before the tests, so tests that spawn the real worker or CLI run current code. */
// @ts-expect-error -- plain ESM build script without type declarations
import { buildNode } from '../scripts/build-node.mjs';

export default async function setup(): Promise<void> {
  await (buildNode as () => Promise<void>)();
}
