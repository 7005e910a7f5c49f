/**
 * @file Where Fotoglot keeps its data. The CLI, the server and the desktop app resolve it
 * the same way, so they all open the same library: `--home` beats `FOTOGLOT_HOME` beats
 * the OS's per-user application-data folder.
 */
import os from 'node:os';
import path from 'node:path';

export interface HomeSources {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homedir?: string;
}

/** Resolves the data directory to an absolute path. */
export function resolveHome(sources: HomeSources = {}): string {
  const env = sources.env ?? process.env;
  const chosen = sources.flag ?? (env.FOTOGLOT_HOME || undefined);
  if (chosen !== undefined) {
    if (chosen.trim() === '') throw new Error('The data directory path is empty.');
    return path.resolve(chosen);
  }
  return defaultHome(sources.platform ?? process.platform, env, sources.homedir ?? os.homedir());
}

function defaultHome(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(
        env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'),
        'Fotoglot',
      );
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'Fotoglot');
    default:
      return path.posix.join(
        env.XDG_DATA_HOME || path.posix.join(home, '.local', 'share'),
        'fotoglot',
      );
  }
}

/** Fixed locations inside the data directory. */
export function homeLayout(home: string) {
  return {
    database: path.join(home, 'library.db'),
    models: path.join(home, 'models'),
    thumbs: path.join(home, 'thumbs'),
    /** Model inputs waiting to be embedded ([Note: Model input handoff]). */
    modelInputs: path.join(home, 'model-inputs'),
    /** Faces inputs waiting for the faces stage ([Note: Faces input handoff]). */
    faceInputs: path.join(home, 'face-inputs'),
  };
}
