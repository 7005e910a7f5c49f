/**
 * @file A search model in words a person can choose by: the languages it serves, the
 * download size ("about" when the catalog's sizes are rounded), a speed class and the licence.
 * The welcome step and Settings show the same facts.
 */
import { useTranslation } from 'react-i18next';
import type { ChannelValue } from '../../shared/contract';
import { formatBytes } from '../i18n/format';

export type ModelListing = ChannelValue<'models:list'>[number];

/** Language names in the UI's language ("German, Japanese"), or "many languages" for `*`. */
export function languageNames(codes: readonly string[], locale: string): string | null {
  if (codes.length === 0 || codes.includes('*')) return null;
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'language' });
  } catch {
    names = null;
  }
  const list = codes.map((c) => names?.of(c) ?? c);
  try {
    return new Intl.ListFormat([locale], { type: 'conjunction', style: 'short' }).format(list);
  } catch {
    return list.join(', ');
  }
}

export function ModelFacts({ model }: { model: ModelListing }) {
  const { t, i18n } = useTranslation();
  const languages = languageNames(model.languages, i18n.language);
  const size =
    model.size.bytes === null || model.size.accuracy === 'unknown'
      ? t('models.size.unknown')
      : t(`models.size.${model.size.accuracy}`, {
          size: formatBytes(model.size.bytes, i18n.language),
        });
  const facts = [
    model.custom
      ? t('models.imported')
      : languages === null
        ? t('models.languages.many')
        : t('models.languages.some', { languages }),
    model.custom || model.installed ? null : size,
    model.custom ? null : t(`models.speed.${model.speed}`),
    model.licence ? t('models.licence', { licence: model.licence }) : null,
  ].filter((f): f is string => f !== null);
  return (
    <ul className="model-facts">
      {facts.map((f) => (
        <li key={f}>{f}</li>
      ))}
    </ul>
  );
}
