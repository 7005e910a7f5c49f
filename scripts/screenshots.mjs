// @file `npm run screenshots`: the language layout e2e test, writing its screenshots of the main screens (en, de, ja, ar) into docs/screenshots/.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = spawnSync(
  'npx',
  ['playwright', 'test', 'e2e/languages.spec.ts', '-g', '(en|de|ja|ar): the main'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FOTOGLOT_SCREENSHOTS_DIR: path.join(root, 'docs', 'screenshots') },
  },
);
process.exit(run.status ?? 1);
