/** @file The left navigation between the app's sections. */
import { useTranslation } from 'react-i18next';

export const sectionIds = ['library', 'tags', 'duplicates', 'settings'] as const;
export type SectionId = (typeof sectionIds)[number];

export function Sidebar({
  current,
  onSelect,
}: {
  current: SectionId;
  onSelect: (id: SectionId) => void;
}) {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('nav.sections')}>
      <div className="brand">Fotoglot</div>
      <ul>
        {sectionIds.map((id) => (
          <li key={id}>
            <button
              type="button"
              aria-current={current === id ? 'page' : undefined}
              onClick={() => {
                onSelect(id);
              }}
            >
              {t(`nav.${id}`)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
