/** @file Renderer entry: sets up the UI language, then mounts the React app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppFrame } from './components/app-frame';
import { ErrorBoundary } from './components/error-boundary';
import { closestLanguage, initI18n, languageKey } from './i18n/i18n';
import './styles.css';

// Errors outside React's render (event handlers, promises) are logged where the hosts collect them.
window.addEventListener('unhandledrejection', (event) => {
  console.error('Unhandled rejection in the UI:', event.reason);
});

async function start(): Promise<void> {
  // The language the user chose in Settings, else the system's.
  await initI18n(closestLanguage(localStorage.getItem(languageKey) ?? navigator.language));
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <AppFrame />
      </ErrorBoundary>
    </StrictMode>,
  );
}

void start();
