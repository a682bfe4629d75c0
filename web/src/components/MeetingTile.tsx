// A participant's tile: LiveKit's ParticipantTile with its usual content, plus a "Host" badge
// beside the name of anyone whose participant attribute `role` is `host`, and a raised hand with
// its place in the queue.
import * as React from 'react';
import {
  AudioTrack,
  ConnectionQualityIndicator,
  LockLockedIcon,
  ParticipantName,
  ParticipantPlaceholder,
  ParticipantTile,
  ScreenShareIcon,
  TrackMutedIndicator,
  VideoTrack,
  isTrackReference,
  useEnsureTrackRef,
  useFeatureContext,
  useIsEncrypted,
  useMaybeLayoutContext,
  useParticipantAttributes,
  useParticipantInfo,
  type ParticipantTileProps,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react';
import { Track, type Participant } from 'livekit-client';
import { useT } from '../i18n/I18n';
import { CohostBadge, HostBadge } from './HostBadges';
import { HandBadge } from './RaisedHands';
import { TileReactions } from './Reactions';

/**
 * The local participant's role: from its token until the LiveKit server reports its attributes
 * (the badge should not wait for that), then from them (a promotion to co-host).
 */
export const LocalRoleContext = React.createContext<string | undefined>(undefined);

function sameTrack(a: TrackReferenceOrPlaceholder, b: TrackReferenceOrPlaceholder): boolean {
  if (a.participant.identity !== b.participant.identity || a.source !== b.source) return false;
  const sidA = isTrackReference(a) ? a.publication.trackSid : undefined;
  const sidB = isTrackReference(b) ? b.publication.trackSid : undefined;
  return sidA === sidB;
}

/** 'host', 'cohost', 'guest', or undefined in a room without a host. */
export function useRole(trackRef: TrackReferenceOrPlaceholder): string | undefined {
  const { participant } = trackRef;
  const { attributes } = useParticipantAttributes({ participant });
  const localRole = React.useContext(LocalRoleContext);
  return participant.isLocal ? localRole : attributes?.role;
}

/** "Alice's screen": the name of a screen share's tile, as one sentence in every language. */
function ScreenShareName({ participant }: { participant: Participant }) {
  const t = useT();
  const { identity, name } = useParticipantInfo({ participant });
  const shown = (name !== '' ? name : identity) ?? '';
  return (
    <span className="lk-participant-name" data-lk-participant-name={name}>
      {t('meeting.screenOf', { name: shown })}
    </span>
  );
}

function TileContent({ trackRef }: { trackRef: TrackReferenceOrPlaceholder }) {
  const t = useT();
  const { participant } = trackRef;
  const encrypted = useIsEncrypted(participant);
  const role = useRole(trackRef);
  const layout = useMaybeLayoutContext();
  const autoSubscription = useFeatureContext()?.autoSubscription;

  // A pinned video that stops being received leaves the focus.
  const onSubscriptionStatusChanged = React.useCallback(
    (subscribed: boolean) => {
      if (subscribed || !layout?.pin.dispatch) return;
      if (layout.pin.state?.some((pinned) => sameTrack(pinned, trackRef))) {
        layout.pin.dispatch({ msg: 'clear_pin' });
      }
    },
    [layout, trackRef],
  );

  const isVideo =
    isTrackReference(trackRef) &&
    (trackRef.publication.kind === 'video' ||
      trackRef.source === Track.Source.Camera ||
      trackRef.source === Track.Source.ScreenShare);

  return (
    <>
      {isTrackReference(trackRef) &&
        (isVideo ? (
          <VideoTrack
            trackRef={trackRef}
            onSubscriptionStatusChanged={onSubscriptionStatusChanged}
            manageSubscription={autoSubscription}
          />
        ) : (
          <AudioTrack trackRef={trackRef} onSubscriptionStatusChanged={onSubscriptionStatusChanged} />
        ))}
      <div className="lk-participant-placeholder">
        <ParticipantPlaceholder />
      </div>
      {trackRef.source === Track.Source.Camera && <TileReactions participant={participant} />}
      <div className="lk-participant-metadata">
        <div className="lk-participant-metadata-item">
          {trackRef.source === Track.Source.Camera ? (
            <>
              {encrypted && <LockLockedIcon style={{ marginRight: '0.25rem' }} />}
              <TrackMutedIndicator
                trackRef={{ participant, source: Track.Source.Microphone }}
                show="muted"
                role="img"
                aria-label={t('meeting.microphoneOff')}
                title={t('meeting.microphoneOff')}
              />
              <ParticipantName />
              {role === 'host' && <HostBadge className="lkm-tile-host" />}
              {role === 'cohost' && <CohostBadge className="lkm-tile-host" />}
              <HandBadge participant={participant} />
            </>
          ) : (
            <>
              <ScreenShareIcon style={{ marginRight: '0.25rem' }} />
              <ScreenShareName participant={participant} />
            </>
          )}
        </div>
        <ConnectionQualityIndicator className="lk-participant-metadata-item" />
      </div>
    </>
  );
}

export function MeetingTile({ trackRef, ...props }: ParticipantTileProps) {
  const trackReference = useEnsureTrackRef(trackRef);
  return (
    <ParticipantTile trackRef={trackReference} {...props}>
      <TileContent trackRef={trackReference} />
    </ParticipantTile>
  );
}
