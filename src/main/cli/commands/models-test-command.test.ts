/**
 * `fotoglot models test` and the self-test's words in `models import` and `status`, run as a
 * user runs them (the built CLI, a real core): test-tiny passes in all 10 languages; a model
 * that fails in the user's language (a colour model shown real photos) makes `models test`
 * exit 1 and `status` say what to do ([Note: Self-test verdict]).
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInfoSchema } from '../../../shared/contract';
import { selfTestResultSchema } from '../../../shared/self-test-schemas';
import { repoRoot, runFotoglot } from '../../../../test/helpers/cli';

let home: string;
/** A German-speaking user: the self-test verdict is about German. */
const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'de_DE.UTF-8' };
delete env.LC_ALL;
const fotoglot = (...args: string[]) => runFotoglot([...args, '--home', home], env);

beforeAll(() => {
  home = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fotoglot-models-test-')));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('fotoglot models test', () => {
  it('tests the active model (test-tiny) in all 10 languages, as a table and as JSON', async () => {
    const run = await fotoglot('models', 'test');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Self-test of test-tiny \(generated colour photos\):/);
    for (const name of ['English', 'German', 'Russian', 'Chinese', 'Japanese', 'Arabic'])
      expect(run.stdout).toMatch(
        new RegExp(`^  ${name} +pass  red ok, green ok, blue ok, yellow ok$`, 'm'),
      );
    expect(run.stdout).toMatch(/Passed in 10 of 10 languages\./);

    const json = await fotoglot('models', 'test', 'test-tiny', '--json');
    expect(json.code).toBe(0);
    const result = selfTestResultSchema.parse(JSON.parse(json.stdout));
    expect(result).toMatchObject({ model: 'test-tiny', kit: 'colours', passed: true });
    expect(result.languages).toHaveLength(10);
  });

  it('status shows the stored verdict in the user’s language', async () => {
    const run = await fotoglot('status');
    expect(run.stdout).toMatch(/^Self-test: +test-tiny passed in German \(4 of 4 photos\)$/m);
    const json = appInfoSchema.parse(JSON.parse((await fotoglot('status', '--json')).stdout));
    expect(json.selfTest).toMatchObject({ model: 'test-tiny', language: 'de', state: 'passed' });
  });

  it('flags a model that fails in the user’s language: after its import, in models test and in status', async () => {
    // test-tiny imported as a custom model gets the real photos, and knows no astronaut.
    const imported = await fotoglot(
      'models',
      'import',
      path.join(repoRoot, 'models/test-tiny'),
      '--id',
      'colours-only',
    );
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Self-test: passed in 0 of 10 languages/);
    expect(imported.stderr).toMatch(
      /failed its self-test in German.*Pick a model that serves German/,
    );

    const tested = await fotoglot('models', 'test', 'colours-only');
    expect(tested.code).toBe(1);
    expect(tested.stdout).toMatch(/^ {2}German +FAIL {2}astronaut → /m);
    expect(tested.stderr).toMatch(/Pick a model that serves German/);

    expect((await fotoglot('models', 'use', 'colours-only')).code).toBe(0);
    const status = await fotoglot('status');
    expect(status.stdout).toMatch(
      /^Self-test: +colours-only FAILED in German \(0 of 4 photos\): .*pick a model that serves German/m,
    );
    // Four runs of the CLI, each starting a core and its inference process.
  }, 180_000);

  it('says which model is missing', async () => {
    const run = await fotoglot('models', 'test', 'ViT-B-32__openai');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/ViT-B-32__openai is not installed/);
  });
});
