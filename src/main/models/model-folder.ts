/** @file Checks a model folder's layout and moves a finished folder into place atomically. */
import { access, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { modelConfigSchema, modelFiles } from '../../shared/model-config';
import { AppFailure } from '../../shared/result';
import { externalDataFiles } from './onnx-external-data';

/** The external-data files of `graph` (a path inside `dir`), relative to `dir`; see [Note: External data]. */
export async function externalDataOf(dir: string, graph: string): Promise<string[]> {
  let files: string[];
  try {
    files = await externalDataFiles(path.join(dir, graph));
  } catch (error) {
    throw new AppFailure(
      'invalid-argument',
      `${graph} in ${dir} is damaged: it is not a readable ONNX graph (${error instanceof Error ? error.message : String(error)}). Copy or install the model again.`,
    );
  }
  return files.map((f) => path.posix.join(path.posix.dirname(graph), f.split(path.sep).join('/')));
}

/**
 * Throws, naming the first missing or unreadable file, unless `dir` holds a CLIP-layout model
 * with every external-data file its graphs name.
 */
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
  for (const graph of modelFiles.filter((f) => f.endsWith('.onnx'))) {
    for (const data of await externalDataOf(dir, graph)) {
      try {
        await access(path.join(dir, data));
      } catch {
        throw new AppFailure(
          'invalid-argument',
          `${data} is missing in ${dir}: ${graph} keeps its weights there (external data). Copy the whole model folder, or install the model again.`,
        );
      }
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
