// A participant made co-host during the meeting: when the LiveKit server reports the new role,
// this browser proves its LiveKit token to livekit-meet and gets the co-host's credential, so that
// the host controls appear without leaving the meeting; when the role goes, they go too.
import * as React from 'react';
import { claimCohost } from './hostRequests';
import type { RoomInfo } from './rooms';

export interface CohostNotice {
  kind: 'info' | 'error';
  message: string;
}

/**
 * The callback for Conference's onRoleChange. `info`: what the server last said of this browser;
 * `reload`: asks it again (the host controls follow `info.isHost`).
 */
export function useCohostRole(
  room: string,
  token: string | undefined,
  info: RoomInfo | undefined,
  reload: () => void,
  notify: (notice: CohostNotice) => void,
): (role: string | undefined) => void {
  // The callback stays the same while these change; Conference calls it from an effect, which
  // runs after this layout effect has stored the values of the same render.
  const current = React.useRef({ token, info });
  React.useLayoutEffect(() => {
    current.current = { token, info };
  }, [token, info]);
  return React.useCallback(
    (role: string | undefined) => {
      const { token: participantToken, info: known } = current.current;
      if (!participantToken || !known?.hosted) return;
      if (role === 'cohost' && !known.isHost) {
        claimCohost(room, participantToken).then(
          () => {
            notify({ kind: 'info', message: 'You are now a co-host: the host controls are yours.' });
            reload();
          },
          (error: unknown) => {
            const text = error instanceof Error ? error.message : String(error);
            notify({ kind: 'error', message: `The co-host controls could not be opened: ${text}` });
          },
        );
      } else if (role !== 'cohost' && role !== 'host' && known.isCohost) {
        notify({ kind: 'info', message: 'You are no longer a co-host.' });
        reload();
      }
    },
    [room, reload, notify],
  );
}
