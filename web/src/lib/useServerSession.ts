// What this server allows this visitor (`GET api/session`): organizer or not, who creates rooms,
// the lobby mode and the recording policy. Undefined until it answers, and when it cannot
// (an older server): callers fall back to the old behaviour.
import * as React from 'react';
import { fetchSession, type OrganizerSession } from './rooms';

export interface ServerSession {
  session?: OrganizerSession;
  /** The server answered, or could not: the page may stop waiting for it. */
  settled: boolean;
  setSession: (session: OrganizerSession) => void;
  reload: () => void;
}

export function useServerSession(): ServerSession {
  const [session, setSessionState] = React.useState<OrganizerSession>();
  const [settled, setSettled] = React.useState(false);
  const load = React.useCallback((signal?: AbortSignal) => {
    fetchSession(signal).then(
      (next) => {
        setSessionState(next);
        setSettled(true);
      },
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        setSettled(true);
      },
    );
  }, []);
  React.useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);
  const setSession = React.useCallback((next: OrganizerSession) => {
    setSessionState(next);
    setSettled(true);
  }, []);
  const reload = React.useCallback(() => load(), [load]);
  return { session, settled, setSession, reload };
}
