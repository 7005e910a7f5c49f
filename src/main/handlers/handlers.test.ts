/**
 * The handler modules together: every channel of the contract bound exactly once, each in
 * the module of its domain; and the model downloads they share through the core.
 */
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/events';
import { channelNames } from '../../shared/contract';
import { createHandlers, domainHandlers } from '../app-handlers';
import type { Core } from '../core';
import { ModelDownloads, type InstallModel } from '../models/model-downloads';

// The handler factories only close over the core; nothing is read from it until a call.
const noCore = {} as unknown as Core;

describe('handler modules', () => {
  it('bind every channel of the contract exactly once, each in its own domain', () => {
    const domains = domainHandlers(noCore, { kind: 'server' });
    const seen = new Map<string, string>();
    for (const [domain, handlers] of Object.entries(domains)) {
      for (const channel of Object.keys(handlers)) {
        expect(seen.get(channel), `${channel} bound in ${domain} and elsewhere`).toBeUndefined();
        expect(channel.startsWith(`${domain}:`), `${channel} filed under ${domain}`).toBe(true);
        seen.set(channel, domain);
      }
    }
    expect([...seen.keys()].sort()).toEqual([...channelNames].sort());
    const merged = createHandlers(noCore);
    expect(Object.keys(merged).sort()).toEqual([...channelNames].sort());
    for (const channel of channelNames) expect(typeof merged[channel]).toBe('function');
  });
});

/** An install that reports some progress, then waits until it is aborted. */
function hangingInstall(): { install: InstallModel; started: string[] } {
  const started: string[] = [];
  const install: InstallModel = (id, options) =>
    new Promise((_resolve, reject) => {
      started.push(id);
      options.onProgress?.({
        modelId: id,
        file: 'visual/model.onnx',
        bytes: 5,
        totalBytes: null,
        rate: 2,
        etaSeconds: null,
      });
      options.signal?.addEventListener('abort', () => {
        reject(new Error(`download of ${id} cancelled`));
      });
    });
  return { install, started };
}

describe('model downloads', () => {
  it('are shared by every host bound to one core: one starts, another cancels', async () => {
    const events: AppEvent[] = [];
    const { install } = hangingInstall();
    const core = {
      downloads: new ModelDownloads(install, (e) => events.push(e)),
      // No model is active before or after (the install never finishes).
      models: { active: () => null },
    } as unknown as Core;
    const desktop = createHandlers(core, { kind: 'desktop' });
    const server = createHandlers(core, { kind: 'server' });

    const download = desktop['models:install']({ id: 'test-tiny' });
    await expect(server['models:install']({ id: 'test-tiny' })).rejects.toThrow(
      /already being downloaded/,
    );
    // The size is not known yet: the job is not shown as done.
    const progress = {
      type: 'job:progress',
      job: 'download:test-tiny',
      done: 5,
      total: 6,
      rate: 2,
      etaSeconds: null,
    };
    expect(events).toEqual([progress]);
    expect(server['models:cancel']({ id: 'test-tiny' })).toEqual({ cancelled: true });
    await expect(download).rejects.toThrow(/cancelled/);
    // Cancelled: one last event ends the job in every status bar (no stuck download).
    expect(events).toEqual([progress, { ...progress, done: 6, rate: 0 }]);
    expect(core.downloads.active).toEqual([]);
    expect(desktop['models:cancel']({ id: 'test-tiny' })).toEqual({ cancelled: false });
  });

  it('are cancelled when the core is disposed, and refused afterwards', async () => {
    const { install, started } = hangingInstall();
    const downloads = new ModelDownloads(install, () => undefined);
    const first = downloads.start('a');
    const second = downloads.start('b', 'http://127.0.0.1:9/mirror');
    expect(downloads.active.sort()).toEqual(['a', 'b']);
    downloads.dispose();
    await expect(first).rejects.toThrow(/cancelled/);
    await expect(second).rejects.toThrow(/cancelled/);
    await expect(downloads.start('c')).rejects.toThrow(/shutting down/);
    expect(started).toEqual(['a', 'b']);
  });
});
