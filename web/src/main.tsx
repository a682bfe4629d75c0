import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import '@livekit/components-styles';
import '@livekit/components-styles/prefabs';
import './styles/app.css';
import { App } from './App';
import { config } from './lib/config';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <BrowserRouter basename={config.basePath || undefined}>
    <App />
  </BrowserRouter>,
);
