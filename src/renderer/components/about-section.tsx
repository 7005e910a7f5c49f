/**
 * @file Settings → About: the version of Fotoglot and of the parts it is built on (moved here
 * from the status bar, which speaks in words for people), with the data folder.
 */
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/contract';

export function AboutSection({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const parts: [string, string][] = [
    ['Fotoglot', info.version],
    ['onnxruntime', info.worker.onnxruntimeVersion ?? '—'],
    ['SQLite', info.database.sqliteVersion],
    ['sqlite-vec', info.database.sqliteVecVersion],
  ];
  return (
    <section aria-labelledby="about-heading" className="about">
      <h2 id="about-heading">{t('settings.about')}</h2>
      <dl>
        {parts.map(([name, version]) => (
          <div key={name}>
            <dt>{name}</dt> <dd dir="ltr">{version}</dd>
          </div>
        ))}
        <div>
          <dt>{t('about.processors')}</dt>
          <dd dir="ltr">{info.worker.executionProviders.join(', ') || '—'}</dd>
        </div>
        {info.inference ? (
          <div>
            <dt>{t('about.model')}</dt>
            <dd dir="ltr">
              {info.inference.model} ({info.inference.executionProvider})
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('about.system')}</dt>
          <dd dir="ltr">
            {info.platform}-{info.arch}
          </dd>
        </div>
      </dl>
      <p className="attribution">{t('places.attribution')}</p>
    </section>
  );
}
