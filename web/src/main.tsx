import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import '@livekit/components-styles';
import '@livekit/components-styles/prefabs';
// Page styles, split by concept; keep this order (later files override earlier ones).
import './styles/base.css';
import './styles/pages.css';
import './styles/forms.css';
import './styles/feedback.css';
import './styles/prejoin.css';
import './styles/conference.css';
import './styles/dialogs.css';
import './styles/toasts.css';
import './styles/lobby.css';
import './styles/hosts.css';
import './styles/responsive.css';
import { App } from './App';
import { config } from './lib/config';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <BrowserRouter basename={config.basePath || undefined}>
    <App />
  </BrowserRouter>,
);
