/** @file `fotoglot status`: what this installation and its library look like. */
import type { AppInfo } from '../../../shared/contract';
import type { FolderInfo, Problem } from '../../../shared/library-schemas';
import { createHandlers } from '../../app-handlers';
import { counted } from '../counted';
import { assertNever } from '../../../shared/assert-never';
import { describeError } from '../../../shared/error-text';
import { withCore, type GlobalOptions } from '../open-core';
import { languageNames } from './models-test-command';

export interface StatusOptions extends GlobalOptions {
  json?: boolean;
}

/** Prints the status; exit code 1 when the inference worker could not start. */
export async function statusCommand(options: StatusOptions): Promise<number> {
  return withCore(options, async (core) => {
    const workerError = await core.inference
      .whenReady(30_000)
      // Probing loads the active model, so status shows the provider it really runs on.
      .then(() => core.embeddings.probe())
      .then(
        () => null,
        (error: unknown) => describeError(error),
      );
    // The face models too, so a damaged one shows here before any photo waits on it.
    if (workerError === null) await core.faces.checkModels();
    const handlers = createHandlers(core);
    const info = await handlers['app:info'](undefined);
    const library: LibraryStatus = {
      photos: core.library.store.photoCount().visible,
      missingPhotos: core.library.store.photoCount().missing,
      folders: await handlers['library:folders'](undefined),
      problems: await handlers['library:problems'](undefined),
    };
    if (options.json) {
      const stages = info.stages.map((s) => ({ ...s, pending: s.total - s.done }));
      const folders = library.folders.map((f) => ({
        path: f.path,
        photos: f.photoCount,
        watch: f.watch,
      }));
      const problems = library.problems.map(({ path, reason }) => ({ path, reason }));
      process.stdout.write(
        `${JSON.stringify({ ...info, stages, library: { ...library, folders, problems } }, null, 2)}\n`,
      );
    } else process.stdout.write(formatStatus(info, library));
    if (workerError !== null) {
      process.stderr.write(`fotoglot: ${workerError}\n`);
      return 1;
    }
    return 0;
  });
}

/** How each stage of [Note: Pipeline] reads in the status. */
const stageWords: Record<string, string> = {
  ingest: 'Ingested',
  embed: 'Searchable',
  tag: 'Auto-tagged',
  faces: 'Faces scanned',
  text: 'Text read',
};

/** Why people are not being found, and what to do (see [Note: Faces stage]). */
function formatFaceModels(problem: AppInfo['faceModels']): string[] {
  if (!problem) return [];
  const what = problem.reason === 'missing' ? 'missing' : 'damaged';
  return [
    `Face models:     ${what} (${problem.files.join(', ') || 'see below'}): people are not found until you reinstall Fotoglot; the photos wait and nothing is lost.`,
    `  ${problem.detail}`,
  ];
}

/** What the library holds, beside the app's info. */
interface LibraryStatus {
  photos: number;
  missingPhotos: number;
  folders: FolderInfo[];
  problems: Problem[];
}

/** Problems listed in the text status; --json lists every one. */
const problemsShown = 5;

function formatLibrary({ photos, missingPhotos, folders, problems }: LibraryStatus): string[] {
  return [
    `Photos:          ${counted(photos, 'photo')}${missingPhotos > 0 ? ` (and ${counted(missingPhotos, 'photo')} whose files are missing)` : ''}`,
    `Folders:         ${folders.length === 0 ? 'none yet: add one with "fotoglot index <folder>"' : counted(folders.length, 'folder')}`,
    ...folders.map(
      (f) => `  ${f.path} (${counted(f.photoCount, 'photo')}${f.watch ? ', watched' : ''})`,
    ),
    `Problems:        ${problems.length === 0 ? 'none' : `${counted(problems.length, 'file')} could not be added`}`,
    ...problems.slice(0, problemsShown).map((p) => `  ${p.path}: ${p.reason}`),
    ...(problems.length > problemsShown
      ? [
          `  … and ${String(problems.length - problemsShown)} more ("fotoglot status --json" lists every one)`,
        ]
      : []),
  ];
}

/** The active model's self-test in the user's language ([Note: Self-test verdict]). */
function formatSelfTest(verdict: AppInfo['selfTest']): string[] {
  if (!verdict) return [];
  const name = languageNames[verdict.language];
  const photos = `${String(verdict.right)} of ${String(verdict.total)} photos`;
  switch (verdict.state) {
    case 'passed':
      return [`Self-test:       ${verdict.model} passed in ${name} (${photos})`];
    case 'failed':
      return [
        `Self-test:       ${verdict.model} FAILED in ${name} (${photos}): search and tags in ${name} will be unreliable; pick a model that serves ${name} ("fotoglot models list")`,
      ];
    case 'untested':
      return [`Self-test:       not run for ${verdict.model} yet ("fotoglot models test")`];
    default:
      return assertNever(verdict.state, 'self-test state');
  }
}

function formatStatus(info: AppInfo, library: LibraryStatus): string {
  const w = info.worker;
  return [
    `Fotoglot ${info.version} (${info.platform}-${info.arch})`,
    `Data directory:  ${info.dataDir}`,
    `Library:         ${info.database.path} (schema ${String(info.database.schemaVersion)}, SQLite ${info.database.sqliteVersion}, sqlite-vec ${info.database.sqliteVecVersion})`,
    `Inference:       ${w.state}${w.onnxruntimeVersion ? `, onnxruntime ${w.onnxruntimeVersion}` : ''}`,
    `Providers:       ${w.executionProviders.join(', ') || 'none'}`,
    `Running on:      ${info.inference ? `${info.inference.executionProvider} (${info.inference.model})${info.inference.providerNote ? ` — ${info.inference.providerNote}` : ''}` : 'no model loaded'}`,
    ...formatSelfTest(info.selfTest),
    ...(info.recovery
      ? [
          `Recovered:       the database was damaged (${info.recovery.reason}); kept as ${info.recovery.brokenFile}, ${info.recovery.restoredFrom ? `restored ${info.recovery.restoredFrom}` : 'rebuilding from the photos'}`,
        ]
      : []),
    ...formatLibrary(library),
    ...info.stages.map(
      (stage) =>
        `${`${stageWords[stage.name] ?? stage.name}:`.padEnd(17)}${stage.done.toLocaleString('en-US')} of ${counted(stage.total, 'photo')}, ${stage.total - stage.done === 0 ? 'nothing pending' : `${(stage.total - stage.done).toLocaleString('en-US')} pending`}${info.paused ? ' (paused)' : ''}`,
    ),
    ...formatFaceModels(info.faceModels),
    `Models:          ${info.models.map((m) => `${m.id}${m.active ? ' (active)' : ''}: ${String(m.vectors)} vectors`).join(', ') || 'no photos embedded yet'}`,
    '',
  ].join('\n');
}
