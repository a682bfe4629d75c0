import * as React from 'react';
import { Routes } from './lib/router';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ToastProvider } from './components/Toasts';
import { requireMessages } from './i18n/active';
import { useT } from './i18n/I18n';

// The meeting pages carry LiveKit's client and components, and the meeting part of the messages:
// loaded on demand, together.
const loadMeeting = () => Promise.all([import('./pages/meeting'), requireMessages('meeting')]).then(([m]) => m);
const RoomPage = React.lazy(() => loadMeeting().then((m) => ({ default: m.RoomPage })));
const CustomPage = React.lazy(() => loadMeeting().then((m) => ({ default: m.CustomPage })));
const ConnectionTestPage = React.lazy(() => loadMeeting().then((m) => ({ default: m.ConnectionTestPage })));
// The lobby is for the few who look for rooms: its own chunk, kept off the home page.
const LobbyPage = React.lazy(() => import('./pages/LobbyPage').then((m) => ({ default: m.LobbyPage })));

// The pages, by path (the server serves index.html for each: src/api/routes.cpp).
const ROUTES = [
  ['/', <HomePage />],
  ['/rooms/:roomName', <RoomPage />],
  ['/custom', <CustomPage />],
  ['/lobby', <LobbyPage />],
  ['/test', <ConnectionTestPage />],
] as const;

function Loading() {
  const t = useT();
  return (
    <div className="lkm-loading" role="status">
      <span className="lkm-spinner" aria-hidden="true" />
      <span className="lkm-visually-hidden">{t('app.loading')}</span>
    </div>
  );
}

export function App() {
  return (
    <ToastProvider>
      <React.Suspense fallback={<Loading />}>
        <Routes routes={ROUTES} fallback={<NotFoundPage />} />
      </React.Suspense>
    </ToastProvider>
  );
}
