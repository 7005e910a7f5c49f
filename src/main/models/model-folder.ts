/** @file Checks a model folder's layout and moves a finished folder into place atomically. */
import { access, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { modelConfigSchema, modelFiles } from '../../shared/model-config';
import { AppFailure } from '../../shared/result';

/** Throws, naming the first missing or unreadable file, unless `dir` holds a CLIP-layout model. */
export async function validateLayout(dir: string): Promise<void> {
  for (const file of modelFiles) {
    try {
      await access(path.join(dir, file));
    } catch {
      throw new AppFailure(
        'invalid-argument',
        `${file} is missing in ${dir}: this is not a complete model folder.`,
      );
    }
  }
  try {
    modelConfigSchema.parse(JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')));
  } catch {
    throw new AppFailure(
      'invalid-argument',
      `config.json in ${dir} is damaged or not a CLIP model configuration.`,
    );
  }
}

/** Replaces `target` with `staging` in one rename (the old copy is removed afterwards). */
export async function installFolder(staging: string, target: string): Promise<string> {
  const old = `${target}.old-${String(Date.now())}`;
  let hadOld = true;
  try {
    await rename(target, old);
  } catch {
    hadOld = false;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    if (hadOld) await rename(old, target);
    throw error;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
  return target;
}
