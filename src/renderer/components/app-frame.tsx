/** @file The app frame: sidebar, search bar, main area and status bar. */
import { useState } from 'react';
import { useAppInfo } from '../hooks/use-app-info';
import { SearchBar } from './search-bar';
import { Sidebar, sections, type SectionId } from './sidebar';
import { StatusBar } from './status-bar';

export function AppFrame() {
  const [section, setSection] = useState<SectionId>('library');
  const appInfo = useAppInfo();
  const title = sections.find((s) => s.id === section)?.label ?? '';
  return (
    <div className="app-frame">
      <Sidebar current={section} onSelect={setSection} />
      <SearchBar />
      <main className="main-area" aria-label={title}>
        <h1>{title}</h1>
        {section === 'library' ? (
          <p className="empty-state">
            Your library is empty. Photos will appear here once you add a folder.
            {appInfo.info ? ` Data is kept in ${appInfo.info.dataDir}.` : ''}
          </p>
        ) : (
          <p className="empty-state">Nothing here yet.</p>
        )}
      </main>
      <StatusBar {...appInfo} />
    </div>
  );
}
