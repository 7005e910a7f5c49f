/** @file The left navigation between the app's sections. */
import { useTranslation } from 'react-i18next';
import { sectionIds, type SectionId } from '../route';

export function Sidebar({
  current,
  onSelect,
}: {
  /** The section shown; null for search results and similar photos. */
  current: SectionId | null;
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
