/** @file Renderer entry: mounts the React app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppFrame } from './components/app-frame';
import { ErrorBoundary } from './components/error-boundary';
import './styles.css';

// Errors outside React's render (event handlers, promises) are logged where the hosts collect them.
window.addEventListener('unhandledrejection', (event) => {
  console.error('Unhandled rejection in the UI:', event.reason);
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <AppFrame />
    </ErrorBoundary>
  </StrictMode>,
);
