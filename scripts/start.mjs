// @file `npm start`: the desktop app when the Electron binary is installed, otherwise the headless server.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The Electron executable, if its binary was downloaded; never triggers the download itself. */
function electronBinary() {
  try {
    const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
      const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron';
      return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name);
    }
    if (!existsSync(pathFile)) return null;
    const binary = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = electronBinary();
if (electron && !process.env.FOTOGLOT_HEADLESS) {
  run(electron, [root, ...args]);
} else {
  console.log(
    'Electron is not installed here (run "npx install-electron" with network access to get it); starting the headless server instead.',
  );
  run(process.execPath, [path.join(root, 'bin', 'fotoglot.cjs'), 'serve', ...args]);
}
