// How a meeting ended for this person, and what the page that follows says and offers: each way
// of leaving gets its own words, and "Rejoin" where joining again makes sense.
import { DisconnectReason } from 'livekit-client';

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

export function endingPage(ending: Ending): EndingPage {
  switch (ending.kind) {
    case 'left':
      return {
        title: 'You left the meeting',
        text: 'You can rejoin while the meeting goes on.',
        rejoin: 'Rejoin',
      };
    case 'alone':
      return {
        title: 'You left the meeting',
        text: 'Nobody else was there, and nobody answered “Are you still there?”, so you left it.',
        rejoin: 'Rejoin',
      };
    case 'removed':
      return {
        title: 'You were removed from the meeting',
        text: 'A host removed you from this meeting.',
        rejoin: 'Rejoin',
      };
    case 'ended':
      return ending.by === 'you'
        ? {
            title: 'You ended the meeting for everyone',
            text: 'Everyone left it, and the room’s passcode and host settings were deleted.',
          }
        : {
            title: 'The meeting has ended',
            text:
              ending.by === 'host'
                ? 'A host ended the meeting for everyone.'
                : 'The media server closed the meeting.',
          };
    case 'elsewhere':
      return {
        title: 'You joined from another device',
        text: 'You joined this meeting from another tab or device, so you left it here.',
        rejoin: 'Rejoin here',
      };
    case 'lost':
      return {
        title: 'Connection lost',
        text: 'The connection to the meeting was lost and could not be restored. Check your network, then rejoin.',
        rejoin: 'Rejoin',
      };
  }
}
