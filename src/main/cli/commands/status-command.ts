/** @file `fotoglot status`: what this installation and its library look like. */
import type { AppInfo } from '../../../shared/contract';
import { createHandlers } from '../../app-handlers';
import { withCore, type GlobalOptions } from '../open-core';

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
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    const info = await createHandlers(core)['app:info'](undefined);
    if (options.json) process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    else process.stdout.write(formatStatus(info));
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
};

function formatStatus(info: AppInfo): string {
  const w = info.worker;
  return [
    `Fotoglot ${info.version} (${info.platform}-${info.arch})`,
    `Data directory:  ${info.dataDir}`,
    `Library:         ${info.database.path} (schema ${String(info.database.schemaVersion)}, SQLite ${info.database.sqliteVersion}, sqlite-vec ${info.database.sqliteVecVersion})`,
    `Inference:       ${w.state}${w.onnxruntimeVersion ? `, onnxruntime ${w.onnxruntimeVersion}` : ''}`,
    `Providers:       ${w.executionProviders.join(', ') || 'none'}`,
    `Running on:      ${info.inference ? `${info.inference.executionProvider} (${info.inference.model})${info.inference.providerNote ? ` — ${info.inference.providerNote}` : ''}` : 'no model loaded'}`,
    ...(info.recovery
      ? [
          `Recovered:       the database was damaged (${info.recovery.reason}); kept as ${info.recovery.brokenFile}, ${info.recovery.restoredFrom ? `restored ${info.recovery.restoredFrom}` : 'rebuilding from the photos'}`,
        ]
      : []),
    ...info.stages.map(
      (stage) =>
        `${`${stageWords[stage.name] ?? stage.name}:`.padEnd(17)}${String(stage.done)} of ${String(stage.total)} photos${info.paused ? ' (paused)' : ''}`,
    ),
    `Models:          ${info.models.map((m) => `${m.id}${m.active ? ' (active)' : ''}: ${String(m.vectors)} vectors`).join(', ') || 'no photos embedded yet'}`,
    '',
  ].join('\n');
}
