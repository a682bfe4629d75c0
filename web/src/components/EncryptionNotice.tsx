// Why someone in an end-to-end encrypted meeting cannot see or hear others: their media could
// not be decrypted (a different passphrase), or this person joined without the passphrase.
//
// Without a passphrase, encrypted tracks are unsubscribed: the browser would decode their
// ciphertext into garbled pictures and noise (a VP8 frame keeps its header in clear).
//
// livekit-client's E2EE worker reports each failed decryption as RoomEvent.EncryptionError with
// the participant whose media failed ("InvalidKey: …" for a wrong key, "MissingKey: …" for a key
// index never set). With a shared passphrase it never gives up on a key (no failure tolerance,
// no ratcheting) and repeats the error every few seconds per track: the notice gathers them into
// one message per meeting that names the people concerned.
import * as React from 'react';
import { useRoomContext } from '@livekit/components-react';
import {
  RoomEvent,
  type Participant,
  type RemoteParticipant,
  type RemoteTrackPublication,
} from 'livekit-client';
import { useT } from '../i18n/I18n';
import type { Translate } from '../i18n/i18n';
import { CloseIcon } from './Icons';
import { Notice } from './Notice';

/** Whether an EncryptionError says that `participant`'s media could not be decrypted here. */
export function isDecryptionFailure(error: Error, participant?: Participant): boolean {
  return !!participant && !participant.isLocal && /^(InvalidKey|MissingKey)\b/.test(error.message);
}

/**
 * The EncryptionError livekit-client emits (without a participant) when a room without
 * encryption receives an encrypted track; the notice explains it instead.
 */
export function isUnexpectedEncryptedTrack(error: Error): boolean {
  return /^Encrypted \w+ track received from participant .* but room does not have encryption enabled/.test(
    error.message,
  );
}

function displayName(participant: Participant): string {
  return participant.name || participant.identity;
}

/** "Ann", "Ann and Bob", "Ann, Bob and Cy", "Ann, Bob and 3 others". */
function listNames(t: Translate, names: string[]): string {
  const [first = '', second = '', third = ''] = names;
  if (names.length > 3) return t('e2ee.namesAndOthers', { first, second, count: names.length - 2 });
  if (names.length === 3) return t('e2ee.threeNames', { first, second, third });
  if (names.length === 2) return t('e2ee.twoNames', { first, second });
  return first;
}

export function EncryptionNotice({ encrypted }: { encrypted: boolean }) {
  const t = useT();
  const room = useRoomContext();
  // identity -> name of the people whose media could not be decrypted, in order of failure
  const [failed, setFailed] = React.useState<ReadonlyMap<string, string>>(new Map());
  const [dismissed, setDismissed] = React.useState<ReadonlySet<string>>(new Set());
  // Encrypted media reached a room that has no passphrase.
  const [withoutPassphrase, setWithoutPassphrase] = React.useState(false);
  const [withoutDismissed, setWithoutDismissed] = React.useState(false);

  React.useEffect(() => {
    const onError = (error: Error, participant?: Participant) => {
      if (!encrypted || !isDecryptionFailure(error, participant) || !participant) return;
      const { identity } = participant;
      const name = displayName(participant);
      setFailed((current) => {
        if (current.get(identity) === name) return current;
        const next = new Map(current);
        next.set(identity, name);
        return next;
      });
    };
    const onLeft = (participant: RemoteParticipant) => {
      setFailed((current) => {
        if (!current.has(participant.identity)) return current;
        const next = new Map(current);
        next.delete(participant.identity);
        return next;
      });
    };
    const onPublication = (publication: RemoteTrackPublication) => {
      if (encrypted || !publication.isEncrypted) return;
      setWithoutPassphrase(true);
      if (publication.isDesired) publication.setSubscribed(false);
    };
    const onTrackSubscribed = (_track: unknown, publication: RemoteTrackPublication) =>
      onPublication(publication);
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) onPublication(publication);
    }
    room.on(RoomEvent.EncryptionError, onError);
    room.on(RoomEvent.ParticipantDisconnected, onLeft);
    room.on(RoomEvent.TrackPublished, onPublication);
    room.on(RoomEvent.TrackSubscribed, onTrackSubscribed);
    return () => {
      room.off(RoomEvent.EncryptionError, onError);
      room.off(RoomEvent.ParticipantDisconnected, onLeft);
      room.off(RoomEvent.TrackPublished, onPublication);
      room.off(RoomEvent.TrackSubscribed, onTrackSubscribed);
    };
  }, [room, encrypted]);

  const dismissButton = (onClick: () => void) => (
    <button
      type="button"
      className="lkm-icon-button lkm-encryption-notice-dismiss"
      aria-label={t('common.dismiss')}
      onClick={onClick}
    >
      <CloseIcon width={16} height={16} />
    </button>
  );

  if (withoutPassphrase && !withoutDismissed) {
    return (
      <div className="lkm-encryption-notice">
        <Notice kind="warning" title={t('e2ee.noPassphraseTitle')}>
          {t('e2ee.noPassphraseText')}
        </Notice>
        {dismissButton(() => setWithoutDismissed(true))}
      </div>
    );
  }

  // Shown until dismissed; someone new who cannot be decrypted shows it again.
  const shown = [...failed.keys()].some((identity) => !dismissed.has(identity));
  if (!shown) return null;
  const names = listNames(t, [...failed.values()]);
  return (
    <div className="lkm-encryption-notice">
      <Notice kind="warning" title={t('e2ee.cannotDecryptTitle', { names })}>
        {t('e2ee.cannotDecryptText')}
      </Notice>
      {dismissButton(() => setDismissed(new Set(failed.keys())))}
    </div>
  );
}
