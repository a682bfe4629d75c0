// How a meeting ended for this person, and what the page that follows says and offers: each way
// of leaving gets its own words, and "Rejoin" where joining again makes sense.
import { DisconnectReason } from 'livekit-client';
import type { I18n } from '../i18n/i18n';

export type Ending =
  /** Leave, by choice. */
  | { kind: 'left' }
  /** Alone in the meeting, the person did not answer "Are you still there?". */
  | { kind: 'alone' }
  /** A host removed them. */
  | { kind: 'removed' }
  /** The meeting ended: a host ended it for everyone (`by: 'you'` when it was this person). */
  | { kind: 'ended'; by: 'host' | 'you' | 'server' }
  /** The same person joined from another tab or device. */
  | { kind: 'elsewhere' }
  /** The connection was lost and the client gave up reconnecting. */
  | { kind: 'lost' };

/** The ending a disconnection from LiveKit means (CLIENT_INITIATED: the person left). */
export function endingFromDisconnect(reason: DisconnectReason | undefined): Ending {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return { kind: 'left' };
    case DisconnectReason.PARTICIPANT_REMOVED:
      return { kind: 'removed' };
    case DisconnectReason.ROOM_DELETED:
      return { kind: 'ended', by: 'host' };
    case DisconnectReason.ROOM_CLOSED:
      return { kind: 'ended', by: 'server' };
    case DisconnectReason.DUPLICATE_IDENTITY:
      return { kind: 'elsewhere' };
    default:
      return { kind: 'lost' };
  }
}

export interface EndingPage {
  title: string;
  text: string;
  /** The label of the button that joins again, when joining again makes sense. */
  rejoin?: string;
}

export function endingPage({ t }: I18n, ending: Ending): EndingPage {
  switch (ending.kind) {
    case 'left':
      return { title: t('ended.leftTitle'), text: t('ended.leftText'), rejoin: t('ended.rejoin') };
    case 'alone':
      return { title: t('ended.leftTitle'), text: t('ended.aloneText'), rejoin: t('ended.rejoin') };
    case 'removed':
      return {
        title: t('ended.removedTitle'),
        text: t('ended.removedText'),
        rejoin: t('ended.rejoin'),
      };
    case 'ended':
      return ending.by === 'you'
        ? { title: t('ended.youEndedTitle'), text: t('ended.youEndedText') }
        : {
            title: t('ended.endedTitle'),
            text: ending.by === 'host' ? t('ended.hostEndedText') : t('ended.serverClosedText'),
          };
    case 'elsewhere':
      return {
        title: t('ended.elsewhereTitle'),
        text: t('ended.elsewhereText'),
        rejoin: t('ended.rejoinHere'),
      };
    case 'lost':
      return { title: t('ended.lostTitle'), text: t('ended.lostText'), rejoin: t('ended.rejoin') };
  }
}
