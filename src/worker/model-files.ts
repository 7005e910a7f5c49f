/**
 * @file Reading a model folder's files with messages that name the file and say what to do
 * (`fix`), for the loader and the tokenizer alike.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { AppFailure } from '../shared/result';

/** The text of `file` in the model folder `dir`. */
export async function readModelText(dir: string, file: string, fix: string): Promise<string> {
  try {
    return await readFile(path.join(dir, file), 'utf8');
  } catch {
    throw new AppFailure('not-found', `The model file ${file} is missing. ${fix}`);
  }
}

/** `file` parsed as JSON and checked against `schema`. */
export async function readModelJson<T extends z.ZodType>(
  dir: string,
  file: string,
  schema: T,
  fix: string,
): Promise<z.infer<T>> {
  const text = await readModelText(dir, file, fix);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppFailure(
      'invalid-argument',
      `The model file ${file} is damaged (not valid JSON). ${fix}`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new AppFailure(
      'invalid-argument',
      `The model file ${file} is not what Fotoglot expects (${where}${issue?.message ?? 'invalid'}). ${fix}`,
    );
  }
  return parsed.data;
}
