import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/root';
import { ErrorBoundary } from './app/error-boundary';
import { applyTheme } from './store/prefs-slice';
import { useAppStore } from './store/app-store';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/tables.css';
import './styles/licenses.css';

applyTheme(useAppStore.getState().theme);

const el = document.getElementById('root');
if (!el) throw new Error('index.html has no #root element');
createRoot(el).render(
  <StrictMode>
    <ErrorBoundary label="the app">
      <Root />
    </ErrorBoundary>
  </StrictMode>,
);
