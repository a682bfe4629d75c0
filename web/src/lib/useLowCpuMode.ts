// When the browser reports that encoding the local camera is CPU-bound, send and receive less:
// the local camera favours frame rate over resolution and remote videos drop to low quality.
import * as React from 'react';
import {
  ParticipantEvent,
  RoomEvent,
  VideoQuality,
  type LocalVideoTrack,
  type RemoteTrack,
  type RemoteTrackPublication,
  type Room,
} from 'livekit-client';

export function useLowCpuMode(room: Room): boolean {
  const [constrained, setConstrained] = React.useState(false);

  React.useEffect(() => {
    const onConstrained = (track: LocalVideoTrack) => {
      setConstrained(true);
      track.prioritizePerformance().catch(() => undefined);
      for (const participant of room.remoteParticipants.values()) {
        for (const publication of participant.videoTrackPublications.values()) {
          publication.setVideoQuality(VideoQuality.LOW);
        }
      }
    };
    room.localParticipant.on(ParticipantEvent.LocalTrackCpuConstrained, onConstrained);
    return () => {
      room.localParticipant.off(ParticipantEvent.LocalTrackCpuConstrained, onConstrained);
    };
  }, [room]);

  React.useEffect(() => {
    if (!constrained) return undefined;
    const onSubscribed = (_track: RemoteTrack, publication: RemoteTrackPublication) => {
      publication.setVideoQuality(VideoQuality.LOW);
    };
    room.on(RoomEvent.TrackSubscribed, onSubscribed);
    return () => {
      room.off(RoomEvent.TrackSubscribed, onSubscribed);
    };
  }, [room, constrained]);

  return constrained;
}
