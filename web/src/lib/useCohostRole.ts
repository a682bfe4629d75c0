// A participant made co-host during the meeting: when the LiveKit server reports the new role,
// this browser proves its LiveKit token to livekit-meet and gets the co-host's credential, so that
// the host controls appear without leaving the meeting; when the role goes, they go too.
import * as React from 'react';
import { useI18n } from '../i18n/I18n';
import { errorText } from '../i18n/errors';
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
  const i18n = useI18n();
  // The callback stays the same while these change (the language too); Conference calls it from
  // an effect, which runs after this layout effect has stored the values of the same render.
  const current = React.useRef({ token, info, i18n });
  React.useLayoutEffect(() => {
    current.current = { token, info, i18n };
  }, [token, info, i18n]);
  return React.useCallback(
    (role: string | undefined) => {
      const { token: participantToken, info: known } = current.current;
      if (!participantToken || !known?.hosted) return;
      if (role === 'cohost' && !known.isHost) {
        claimCohost(room, participantToken).then(
          () => {
            notify({ kind: 'info', message: current.current.i18n.t('host.nowCohost') });
            reload();
          },
          (error: unknown) => {
            const { i18n: active } = current.current;
            const text = errorText(active, error);
            notify({ kind: 'error', message: active.t('host.cohostClaimFailed', { error: text }) });
          },
        );
      } else if (role !== 'cohost' && role !== 'host' && known.isCohost) {
        notify({ kind: 'info', message: current.current.i18n.t('host.noLongerCohost') });
        reload();
      }
    },
    [room, reload, notify],
  );
}
