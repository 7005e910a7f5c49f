/**
 * @file Settings → Search model, per installed model: "Test this model" and its last self-test
 * ([Note: Model self-test]): a flag when it failed in the user's language, with what to do
 * ([Note: Self-test verdict]), and the results per language in a small table.
 */
import { useTranslation } from 'react-i18next';
import type { SelfTestResult } from '../../shared/self-test-schemas';
import { selfTestVerdict } from '../../shared/self-test-schemas';
import type { ChannelValue } from '../../shared/contract';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';

type Language = ChannelValue<'settings:get'>['language'];

/** Language names in the UI's language ("Deutsch", "German", "ドイツ語"). */
function languageNamer(locale: string): (code: string) => string {
  try {
    const names = new Intl.DisplayNames([locale], { type: 'language' });
    return (code) => names.of(code) ?? code;
  } catch {
    return (code) => code;
  }
}

/** The UI language as a self-test language (zh-CN → zh). */
function userLanguage(locale: string): Language {
  return (locale.split('-')[0] ?? 'en') as Language;
}

export function ModelSelfTest({
  id,
  result,
  onTested,
}: {
  id: string;
  result: SelfTestResult | null;
  /** After a run: the listing reloads, with the stored result. */
  onTested: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { run, error, pending } = useAction();
  const name = languageNamer(i18n.language);
  const here = userLanguage(i18n.language);
  const verdict = result ? selfTestVerdict(id, here, result) : null;
  const failed = result?.languages.filter((l) => !l.passed) ?? [];
  return (
    <div className="model-self-test">
      <button
        type="button"
        aria-label={t('models.selfTest.runNamed', { name: id })}
        disabled={pending}
        onClick={() => {
          void run(async () => {
            await call('models:test', { id });
          }).then(onTested);
        }}
      >
        {pending ? t('models.selfTest.running') : t('models.selfTest.run')}
      </button>
      {result && !pending ? (
        <>
          {verdict?.state === 'failed' ? (
            <p role="alert" className="warning">
              {result.error === null
                ? t('models.selfTest.failedHere', { language: name(here) })
                : t('models.selfTest.couldNotRun', { error: result.error })}
            </p>
          ) : null}
          <p className="muted" role="status">
            {failed.length === 0 && result.error === null
              ? t('models.selfTest.passedAll')
              : failed.length > 0
                ? t('models.selfTest.failedIn', {
                    languages: failed.map((l) => name(l.language)).join(', '),
                  })
                : null}
          </p>
          {result.languages.length > 0 ? (
            <details>
              <summary>{t('models.selfTest.details')}</summary>
              <table className="self-test-table" aria-label={t('models.selfTest.details')}>
                <thead>
                  <tr>
                    <th scope="col">{t('models.selfTest.language')}</th>
                    <th scope="col">{t('models.selfTest.result')}</th>
                    {result.languages[0]?.photos.map((p) => (
                      <th scope="col" key={p.subject}>
                        {t(`models.selfTest.subject.${p.subject}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.languages.map((l) => (
                    <tr key={l.language}>
                      <th scope="row">{name(l.language)}</th>
                      <td>{l.passed ? t('models.selfTest.pass') : t('models.selfTest.fail')}</td>
                      {l.photos.map((p) => (
                        <td key={p.subject}>
                          {p.right ? (
                            '✓'
                          ) : p.pickedText === null ? (
                            `✗\u00a0${t('models.selfTest.nothing')}`
                          ) : (
                            <>
                              ✗{'\u00a0'}
                              <bdi>{p.pickedText}</bdi>
                            </>
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : null}
        </>
      ) : null}
      <ActionError error={error} />
    </div>
  );
}
