/**
 * @file `fotoglot models test [<id>] [--json]`: a model's self-test ([Note: Model self-test]),
 * a table per language, and the words `models install` and `models import` print after theirs.
 */
import type { Command } from 'commander';
import type { SelfTestResult } from '../../../shared/self-test-schemas';
import { selfTestVerdict } from '../../../shared/self-test-schemas';
import type { TagLanguage } from '../../tagging/tag-vocabulary';
import { withHandlers, type GlobalOptions } from '../open-core';

/** The UI languages in English, for the command line's words. */
export const languageNames: Record<TagLanguage, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  it: 'Italian',
  pt: 'Portuguese',
  ru: 'Russian',
  zh: 'Chinese',
  ja: 'Japanese',
  ar: 'Arabic',
};

/** One line per language: pass or FAIL, then each photo with the label the model picked. */
export function formatSelfTest(result: SelfTestResult): string {
  const kit = result.kit === 'colours' ? 'generated colour photos' : 'the four test photos';
  const lines = [`Self-test of ${result.model} (${kit}):`];
  if (result.error !== null) lines.push(`  could not run: ${result.error}`);
  for (const l of result.languages) {
    const photos = l.photos
      .map((p) => (p.right ? `${p.subject} ok` : `${p.subject} → ${p.picked ?? 'nothing'}`))
      .join(', ');
    lines.push(
      `  ${languageNames[l.language].padEnd(11)} ${l.passed ? 'pass' : 'FAIL'}  ${photos}`,
    );
  }
  const passed = result.languages.filter((l) => l.passed).length;
  if (result.error === null)
    lines.push(`Passed in ${String(passed)} of ${String(result.languages.length)} languages.`);
  return `${lines.join('\n')}\n`;
}

/**
 * What to do when the model failed in the user's language ([Note: Self-test verdict]); null
 * when it passed there.
 */
export function selfTestAdvice(result: SelfTestResult, language: TagLanguage): string | null {
  if (selfTestVerdict(result.model, language, result).state === 'passed') return null;
  const name = languageNames[language];
  return result.error !== null
    ? `${result.model} could not be tested; run "fotoglot models verify ${result.model}", or pick another model ("fotoglot models list").`
    : `${result.model} failed its self-test in ${name}: search and tags in ${name} will be unreliable. Pick a model that serves ${name} ("fotoglot models list", then "fotoglot models install <id>").`;
}

/** Adds `models test` to the `models` command; exit 1 when the model fails in the user's language. */
export function addModelsTestCommand(
  models: Command,
  global: () => GlobalOptions,
  setExit: (code: number) => void,
): void {
  models
    .command('test')
    .argument('[id]', 'the model to test (default: the active one)')
    .description(
      "show a model four photos and their names in 10 languages; exit 1 if it fails in the user's",
    )
    .option('--json', 'print machine-readable JSON')
    .action(async (id: string | undefined, opts: { json?: boolean }) => {
      await withHandlers(global(), async (handlers, core) => {
        const result = await handlers['models:test'](id === undefined ? undefined : { id });
        const advice = selfTestAdvice(result, core.language);
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else process.stdout.write(formatSelfTest(result));
        if (advice !== null) process.stderr.write(`${advice}\n`);
        setExit(advice === null ? 0 : 1);
      });
    });
}
