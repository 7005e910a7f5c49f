/**
 * @file A model's two onnxruntime sessions on the best execution provider that works, with
 * the CPU as the fallback when an accelerator fails to open — or fails later, while running.
 *
 * [Note: Accelerator fallback]
 * GPU providers fail in two places: creating the session (no driver, unsupported op) and
 * running it (out of GPU memory, a kernel the provider accepted at load but cannot run for
 * this shape). Both end on the CPU with the reason kept for `status`, and a run that failed
 * is repeated there, so a photo or a query never fails because of the accelerator. On macOS
 * the text tower stays on the CPU unless a probe text gives the same vector on CoreML as on
 * the CPU (Immich does the same: CoreML rejects the 250k-row embedding lookup of
 * multilingual towers, or computes it wrongly).
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AppFailure } from '../shared/result';

// Warnings (telemetry, provider probing) are not the user's business; errors still reach the log.
ort.env.logLevel = 'error';

export type ProviderChoice = 'auto' | 'cpu' | 'webgpu' | 'cuda' | 'dml' | 'coreml';
export type Tower = 'textual' | 'visual';

/** Linux exposes GPUs as render nodes; without one, probing webgpu only prints driver noise. */
function hasGpuRenderNode(): boolean {
  try {
    return readdirSync('/dev/dri').some((name) => name.startsWith('renderD'));
  } catch {
    return false;
  }
}

/**
 * Providers to try, best first — for `auto`, the accelerated ones this install ships (cpu
 * last) — and the ones left out with the reason.
 */
export function providerCandidates(
  choice: ProviderChoice,
  platform: NodeJS.Platform = process.platform,
): { candidates: string[]; skipped: string[] } {
  if (choice !== 'auto')
    return { candidates: choice === 'cpu' ? ['cpu'] : [choice, 'cpu'], skipped: [] };
  const preferred =
    platform === 'win32'
      ? ['dml', 'cuda', 'webgpu']
      : platform === 'darwin'
        ? ['coreml', 'webgpu']
        : ['cuda', 'webgpu'];
  const shipped = new Set(
    ort
      .listSupportedBackends()
      .filter((b) => b.bundled)
      .map((b) => b.name),
  );
  const skipped: string[] = [];
  const candidates = preferred.filter((p) => {
    if (!shipped.has(p)) return false;
    if (p === 'webgpu' && platform === 'linux' && !hasGpuRenderNode()) {
      skipped.push('webgpu skipped: no GPU found (no /dev/dri render node)');
      return false;
    }
    return true;
  });
  return { candidates: [...candidates, 'cpu'], skipped };
}

/** The readable part of an onnxruntime error: its first line without source locations and assertion text. */
export const firstLine = (error: unknown): string => {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const afterAssertion = line.split(/ was false\. /).at(-1) ?? line;
  return afterAssertion.replace(/^\S*onnxruntime\S*:\d+ /, '').slice(0, 300);
};

const towerFile = (tower: Tower) => `${tower}/model.onnx`;

/** Options for one session; a text query is short and someone waits for it, so it may use every core. */
function sessionOptions(provider: string, threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
}

/** Creates an onnxruntime session (a stand-in GPU in tests). */
export type CreateSession = (
  file: string,
  options: ort.InferenceSession.SessionOptions,
) => Promise<ort.InferenceSession>;

/** Opens one tower on one provider; a CPU failure is the file's fault and says so. */
async function openTower(
  setup: SessionSetup,
  tower: Tower,
  provider: string,
  threads: number,
): Promise<ort.InferenceSession> {
  const { dir, fix } = setup;
  try {
    return await (setup.createSession ?? ort.InferenceSession.create)(
      path.join(dir, towerFile(tower)),
      sessionOptions(provider, threads),
    );
  } catch (error) {
    if (provider !== 'cpu') throw error;
    throw new AppFailure(
      'invalid-argument',
      `The model file ${towerFile(tower)} cannot be loaded (${describeLoadError(error, dir)}). ${fix}`,
    );
  }
}

/** Names a missing external-data file (towers over 2 GB) rather than echoing onnxruntime. */
function describeLoadError(error: unknown, dir: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // onnxruntime 1.30: `External data path does not exist: "/…/textual/model.onnx_data"`.
  const missing = /External data path does not exist: "([^"]+)"/.exec(message)?.[1];
  if (missing) {
    const relative = path.relative(dir, missing).split(path.sep).join('/');
    return `its external-data file ${relative.startsWith('..') ? missing : relative} is missing`;
  }
  return firstLine(error);
}

/** A tower's session and the provider it runs on. */
export interface TowerSession {
  session: ort.InferenceSession;
  provider: string;
}

/** Compares a probe run on an accelerator with the CPU; true when it may be used. */
export type TextProbe = (
  accelerated: ort.InferenceSession,
  cpu: ort.InferenceSession,
) => Promise<boolean>;

export interface SessionSetup {
  dir: string;
  choice: ProviderChoice;
  /** Threads for the image tower (the long background job leaves one core for the UI). */
  threads: number;
  fix: string;
  platform?: NodeJS.Platform;
  /** macOS: the run-time check that lets the text tower use CoreML. */
  textProbe: TextProbe;
  createSession?: CreateSession;
}

/** Both towers, on the first provider that opens them; see [Note: Accelerator fallback]. */
export class ModelSessions {
  #notes: string[] = [];

  private constructor(
    private readonly setup: SessionSetup,
    private readonly towers: Record<Tower, TowerSession>,
    notes: string[],
  ) {
    this.#notes = notes;
  }

  static async open(setup: SessionSetup): Promise<ModelSessions> {
    const { candidates, skipped } = providerCandidates(setup.choice, setup.platform);
    const textThreads = Math.max(setup.threads, os.availableParallelism());
    for (const provider of candidates) {
      const opened: ort.InferenceSession[] = [];
      try {
        const visual = await openTower(setup, 'visual', provider, setup.threads);
        opened.push(visual);
        const textual = await openTower(setup, 'textual', provider, textThreads);
        opened.push(textual);
        const sessions = new ModelSessions(
          setup,
          { visual: { session: visual, provider }, textual: { session: textual, provider } },
          skipped,
        );
        if (provider !== 'cpu' && (setup.platform ?? process.platform) === 'darwin')
          await sessions.#checkTextOnAccelerator(textThreads);
        return sessions;
      } catch (error) {
        await Promise.all(opened.map((s) => s.release()));
        if (error instanceof AppFailure) throw error;
        skipped.push(`${provider} unavailable: ${firstLine(error)}`);
      }
    }
    throw new AppFailure(
      'unavailable',
      `No execution provider could run the model in ${setup.dir}.`,
    );
  }

  /** The session a tower runs on now. */
  session(tower: Tower): ort.InferenceSession {
    return this.towers[tower].session;
  }

  /** The image tower's provider (the one that matters for indexing speed) and why others are not used. */
  get provider(): { name: string; note: string | null } {
    const text = this.towers.textual.provider;
    const notes = [...this.#notes];
    if (text !== this.towers.visual.provider && !notes.some((n) => n.startsWith('text tower')))
      notes.push(`text tower on ${text}`);
    return { name: this.towers.visual.provider, note: notes.length > 0 ? notes.join('; ') : null };
  }

  /** Runs a tower; an accelerator that fails while running is replaced by the CPU and the run repeated. */
  async run(
    tower: Tower,
    feeds: ort.InferenceSession.FeedsType,
  ): Promise<ort.InferenceSession.ReturnType> {
    const current = this.towers[tower];
    try {
      return await current.session.run(feeds);
    } catch (error) {
      if (current.provider === 'cpu') throw error;
      await this.#moveToCpu(
        tower,
        `${current.provider} failed while running the ${tower} tower (${firstLine(error)}); using the CPU`,
      );
      return this.towers[tower].session.run(feeds);
    }
  }

  async #moveToCpu(tower: Tower, reason: string): Promise<void> {
    const old = this.towers[tower];
    const threads =
      tower === 'visual'
        ? this.setup.threads
        : Math.max(this.setup.threads, os.availableParallelism());
    const session = await openTower(this.setup, tower, 'cpu', threads);
    this.towers[tower] = { session, provider: 'cpu' };
    this.#notes.push(reason);
    await old.session.release().catch(() => undefined);
  }

  /** macOS: keeps the text tower on the accelerator only when it agrees with the CPU. */
  async #checkTextOnAccelerator(threads: number): Promise<void> {
    const accelerated = this.towers.textual;
    const cpu = await openTower(this.setup, 'textual', 'cpu', threads);
    let agrees = false;
    try {
      agrees = await this.setup.textProbe(accelerated.session, cpu);
    } catch {
      agrees = false;
    }
    if (agrees) {
      await cpu.release();
      return;
    }
    this.towers.textual = { session: cpu, provider: 'cpu' };
    this.#notes.push(
      `text tower on the CPU: ${accelerated.provider} did not match the CPU on a probe text`,
    );
    await accelerated.session.release().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await Promise.all([
      this.towers.textual.session.release(),
      this.towers.visual.session.release(),
    ]);
  }
}
