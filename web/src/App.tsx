import * as React from 'react';
import { Route, Routes } from 'react-router';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ToastProvider } from './components/Toasts';

// The meeting pages carry LiveKit's client and components: loaded on demand.
const loadMeeting = () => import('./pages/meeting');
const RoomPage = React.lazy(() => loadMeeting().then((m) => ({ default: m.RoomPage })));
const CustomPage = React.lazy(() => loadMeeting().then((m) => ({ default: m.CustomPage })));
// The lobby is for the few who look for rooms: its own chunk, kept off the home page.
const LobbyPage = React.lazy(() => import('./pages/LobbyPage').then((m) => ({ default: m.LobbyPage })));

function Loading() {
  return (
    <div className="lkm-loading" role="status">
      <span className="lkm-spinner" aria-hidden="true" />
      <span className="lkm-visually-hidden">Loading…</span>
    </div>
  );
}

export function App() {
  return (
    <ToastProvider>
      <React.Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/rooms/:roomName" element={<RoomPage />} />
          <Route path="/custom" element={<CustomPage />} />
          <Route path="/lobby" element={<LobbyPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </React.Suspense>
    </ToastProvider>
  );
}
