import { createRoot } from 'react-dom/client';
import '@livekit/components-styles';
// The styles of every page, split by concept; keep this order (later files override earlier
// ones). The meeting pages and the lobby bring their own (pages/meeting.ts, LobbyPage.tsx).
import './styles/base.css';
import './styles/pages.css';
import './styles/forms.css';
import './styles/feedback.css';
import './styles/toasts.css';
import './styles/hosts.css';
import './styles/responsive.css';
import { App } from './App';
import { applyAccent } from './lib/brand';
import { config } from './lib/config';
import { Router } from './lib/router';
import { I18nProvider } from './i18n/I18n';
import { startLanguage } from './i18n/active';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

applyAccent(config.brand);

// The first render waits for the active language's first messages (one small chunk). No
// top-level await: it would make the bundler split the entry into shared chunks.
startLanguage(config.defaultLanguage).then(
  (store) => {
    createRoot(container).render(
      <I18nProvider store={store}>
        <Router basename={config.basePath}>
          <App />
        </Router>
      </I18nProvider>,
    );
  },
  () => {
    // The words of the page did not load (twice): say so in the languages there are.
    container.textContent =
      'The page could not be loaded. Check your connection and reload. · La page n’a pas pu être chargée. · ' +
      'Die Seite konnte nicht geladen werden. · No se pudo cargar la página. · De pagina kon niet worden geladen.';
  },
);
