/** @file The left navigation between the app's sections. */

export const sections = [
  { id: 'library', label: 'Library' },
  { id: 'tags', label: 'Tags' },
  { id: 'duplicates', label: 'Duplicates' },
  { id: 'settings', label: 'Settings' },
] as const;

export type SectionId = (typeof sections)[number]['id'];

export function Sidebar({
  current,
  onSelect,
}: {
  current: SectionId;
  onSelect: (id: SectionId) => void;
}) {
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">Fotoglot</div>
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            <button
              type="button"
              aria-current={current === section.id ? 'page' : undefined}
              onClick={() => {
                onSelect(section.id);
              }}
            >
              {section.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
