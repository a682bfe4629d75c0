// A meeting in progress: connects a LiveKit Room (optionally end-to-end encrypted) and shows the
// conference UI around it. Used by /rooms/<name> after the pre-join screen and by /custom.
import * as React from 'react';
import {
  RoomAudioRenderer,
  RoomContext,
  useIsRecording,
} from '@livekit/components-react';
import {
  DeviceUnsupportedError,
  DisconnectReason,
  ExternalE2EEKeyProvider,
  MediaDeviceFailure,
  Room,
  RoomEvent,
  isE2EESupported,
  type Participant,
  type RoomOptions,
} from 'livekit-client';
import { useT } from '../i18n/I18n';
import { buildRoomOptions, type MeetingOptions } from '../lib/roomOptions';
import { useLowCpuMode } from '../lib/useLowCpuMode';
import { MeetingLayout } from './MeetingLayout';
import { KeyboardShortcuts } from './KeyboardShortcuts';
import { useToast } from './Toasts';
import { Notice } from './Notice';
import { isDecryptionFailure, isUnexpectedEncryptedTrack } from './EncryptionNotice';
import { LocalRoleContext } from './MeetingTile';
import { ConnectionStatus } from './ConnectionStatus';
import { HandsContext, useHandsMembership } from './RaisedHands';
import { ReactionsProvider } from './Reactions';
import { AloneCheck } from './AloneCheck';
import { tokenFacts } from '../lib/token';
import { endingFromDisconnect, type Ending } from '../lib/endings';

export interface StartChoices {
  video: boolean;
  audio: boolean;
  videoDeviceId?: string;
  audioDeviceId?: string;
  noiseSuppression?: boolean;
}

/** Why the meeting could not start (an ending once in it is the parent's: onEnd). */
type Failure =
  | { kind: 'e2ee-unsupported' }
  | { kind: 'connect'; detail: string }
  | { kind: 'encryption'; detail: string };

interface ConferenceProps {
  serverUrl: string;
  token: string;
  /** Known before connecting on /rooms; on /custom it comes from the server. */
  roomName?: string;
  options: Pick<MeetingOptions, 'codec' | 'hq' | 'singlePeerConnection'>;
  e2eePassphrase?: string;
  start: StartChoices;
  inviteLink?: string;
  /** The meeting ended for this person, in the way `ending` says (the page after it shows it). */
  onEnd: (ending: Ending) => void;
  /** "Back to home" when the meeting could not start. */
  onHome: () => void;
  /** "Try again" when the meeting could not start; reloads the page when absent. */
  onRejoin?: () => void;
  /** More controls for the control bar (the host's). */
  toolbarExtra?: (narrow: boolean) => React.ReactNode;
  /** Pixels of width the extra controls and any side panel take from the control bar. */
  toolbarReserve?: number;
  /** The room this person may record (shows the record button); none on /custom. */
  recordRoom?: string;
  /** The room of this server whose hands may be raised; none on /custom. */
  handsRoom?: string;
  /** The local participant's role, from the token and then as livekit-meet changes it. */
  onRoleChange?: (role: string | undefined) => void;
}

interface E2EESetup {
  keyProvider: ExternalE2EEKeyProvider;
  worker: Worker;
}

function createE2EESetup(passphrase: string | undefined): E2EESetup | undefined {
  if (!passphrase || !isE2EESupported()) return undefined;
  return {
    keyProvider: new ExternalE2EEKeyProvider(),
    worker: new Worker(new URL('livekit-client/e2ee-worker', import.meta.url), { type: 'module' }),
  };
}

/**
 * The role attribute livekit-meet gave the local participant: from the token at first (the LiveKit
 * server reports attributes only once connected), then as the server changes it (co-hosts).
 */
function useLocalRole(room: Room, token: string): string | undefined {
  const tokenRole = React.useMemo(() => tokenFacts(token).role, [token]);
  const [reported, setReported] = React.useState<string>();
  React.useEffect(() => {
    const onChanged = (_changed: Record<string, string>, participant: Participant) => {
      if (participant === room.localParticipant) setReported(participant.attributes.role);
    };
    room.on(RoomEvent.ParticipantAttributesChanged, onChanged);
    return () => {
      room.off(RoomEvent.ParticipantAttributesChanged, onChanged);
    };
  }, [room]);
  return reported ?? tokenRole;
}

/** What the browser or LiveKit said went wrong: a technical detail, in their words. */
function errorDetail(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export function Conference(props: ConferenceProps) {
  const { serverUrl, token, e2eePassphrase, start, onEnd, onHome } = props;
  const t = useT();
  const toast = useToast();
  // The connection is set up once; what it reports later is said in the language of that moment.
  const latestT = React.useRef(t);
  React.useEffect(() => {
    latestT.current = t;
  }, [t]);
  const [e2ee] = React.useState(() => createE2EESetup(e2eePassphrase));
  const [room] = React.useState(() => {
    const e2eeOptions: RoomOptions['e2ee'] = e2ee
      ? { keyProvider: e2ee.keyProvider, worker: e2ee.worker }
      : undefined;
    return new Room(
      buildRoomOptions(props.options, e2eeOptions, {
        videoDeviceId: start.videoDeviceId,
        audioDeviceId: start.audioDeviceId,
        noiseSuppression: start.noiseSuppression,
      }),
    );
  });
  const [failure, setFailure] = React.useState<Failure>();
  const localRole = useLocalRole(room, token);
  const { onRoleChange } = props;
  React.useEffect(() => onRoleChange?.(localRole), [localRole, onRoleChange]);
  const leaving = React.useRef(false);
  const connected = React.useRef(false);
  const unmounted = React.useRef(false);

  const leaveAs = React.useCallback(
    (ending: Ending) => {
      leaving.current = true;
      room.disconnect().finally(() => onEnd(ending));
    },
    [room, onEnd],
  );
  const leave = React.useCallback(() => leaveAs({ kind: 'left' }), [leaveAs]);
  const leaveAlone = React.useCallback(() => leaveAs({ kind: 'alone' }), [leaveAs]);

  // Events that need the person's attention.
  React.useEffect(() => {
    const onConnected = () => {
      connected.current = true;
    };
    const onDisconnected = (reason?: DisconnectReason) => {
      if (unmounted.current || !connected.current || leaving.current) return;
      onEnd(endingFromDisconnect(reason));
    };
    const onMediaDevicesError = (error: Error) => {
      const failure = MediaDeviceFailure.getFailure(error);
      const t = latestT.current;
      const text =
        failure === MediaDeviceFailure.PermissionDenied
          ? t('meeting.devicesBlocked')
          : failure === MediaDeviceFailure.NotFound
            ? t('meeting.devicesNotFound')
            : failure === MediaDeviceFailure.DeviceInUse
              ? t('meeting.devicesInUse')
              : t('meeting.devicesFailed', { error: errorDetail(error) });
      toast({ kind: 'error', message: text });
    };
    const onEncryptionError = (error: Error, participant?: Participant) => {
      // Media that cannot be decrypted is explained once, in the meeting (EncryptionNotice).
      if (isDecryptionFailure(error, participant) || isUnexpectedEncryptedTrack(error)) return;
      const message = latestT.current('meeting.encryptionProblem', { error: errorDetail(error) });
      toast({ kind: 'error', message });
    };
    room.on(RoomEvent.Connected, onConnected);
    room.on(RoomEvent.Disconnected, onDisconnected);
    room.on(RoomEvent.MediaDevicesError, onMediaDevicesError);
    room.on(RoomEvent.EncryptionError, onEncryptionError);
    return () => {
      room.off(RoomEvent.Connected, onConnected);
      room.off(RoomEvent.Disconnected, onDisconnected);
      room.off(RoomEvent.MediaDevicesError, onMediaDevicesError);
      room.off(RoomEvent.EncryptionError, onEncryptionError);
    };
  }, [room, onEnd, toast]);

  // Set up encryption, connect, then turn on the chosen devices.
  React.useEffect(() => {
    let cancelled = false;
    unmounted.current = false;
    const run = async () => {
      if (e2eePassphrase) {
        if (!e2ee) {
          setFailure({ kind: 'e2ee-unsupported' });
          return;
        }
        try {
          await e2ee.keyProvider.setKey(e2eePassphrase);
          await room.setE2EEEnabled(true);
        } catch (error) {
          if (cancelled) return;
          setFailure(
            error instanceof DeviceUnsupportedError
              ? { kind: 'e2ee-unsupported' }
              : { kind: 'encryption', detail: errorDetail(error) },
          );
          return;
        }
      }
      if (cancelled) return;
      // Connect, and meanwhile start the camera and microphone: they show at once and are
      // published as soon as the connection is up.
      let failed = false;
      const connecting = room.connect(serverUrl, token, { autoSubscribe: true });
      const local = room.localParticipant;
      const reportDevice = (what: 'meeting.cameraFailed' | 'meeting.microphoneFailed') => (error: Error) => {
        if (!cancelled && !failed && !leaving.current) {
          toast({ kind: 'error', message: latestT.current(what, { error: errorDetail(error) }) });
        }
      };
      const devices: Promise<unknown>[] = [];
      if (start.video) devices.push(local.setCameraEnabled(true).catch(reportDevice('meeting.cameraFailed')));
      if (start.audio) {
        devices.push(local.setMicrophoneEnabled(true).catch(reportDevice('meeting.microphoneFailed')));
      }
      try {
        await connecting;
      } catch (error) {
        failed = true;
        if (cancelled || leaving.current) return;
        setFailure({ kind: 'connect', detail: errorDetail(error) });
        // Turn the camera and microphone off behind the error.
        await Promise.allSettled(devices);
        for (const publication of local.trackPublications.values()) publication.track?.stop();
        await room.disconnect().catch(() => undefined);
      }
    };
    void run();
    return () => {
      cancelled = true;
      unmounted.current = true;
      void room.disconnect();
    };
    // The room is created once; its inputs do not change while mounted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [room]);

  React.useEffect(() => () => e2ee?.worker.terminate(), [e2ee]);

  const lowCpu = useLowCpuMode(room);
  React.useEffect(() => {
    if (lowCpu) {
      toast({ kind: 'info', message: latestT.current('meeting.lowCpu') });
    }
  }, [lowCpu, toast]);

  const rejoin = React.useCallback(() => {
    if (props.onRejoin) props.onRejoin();
    else window.location.reload();
  }, [props]);

  return (
    <div className="lk-room-container lkm-room" data-lk-theme="default">
      <RoomContext.Provider value={room}>
        <LocalRoleContext.Provider value={localRole}>
          <HandsProvider room={props.handsRoom} token={token}>
          <ReactionsProvider>
          <RecordingFrame>
            <MeetingLayout
              roomName={props.roomName}
              encrypted={!!e2ee}
              inviteLink={props.inviteLink}
              onLeave={leave}
              toolbarExtra={props.toolbarExtra}
              toolbarReserve={props.toolbarReserve}
              recordRoom={props.recordRoom}
            />
          </RecordingFrame>
          </ReactionsProvider>
          </HandsProvider>
        </LocalRoleContext.Provider>
        <KeyboardShortcuts />
        {!failure && <AloneCheck onTimeout={leaveAlone} />}
        <RoomAudioRenderer />
        <ConnectionStatus />
      </RoomContext.Provider>
      {failure && (
        <FailureDialog failure={failure} onHome={onHome} onRejoin={rejoin} />
      )}
    </div>
  );
}

function HandsProvider({
  room,
  token,
  children,
}: {
  room?: string;
  token: string;
  children: React.ReactNode;
}) {
  const hands = useHandsMembership(room, token);
  return <HandsContext.Provider value={hands}>{children}</HandsContext.Provider>;
}

/** A red frame while the meeting is recorded, and a notice when recording starts. */
function RecordingFrame({ children }: { children: React.ReactNode }) {
  const t = useT();
  const recording = useIsRecording();
  const toast = useToast();
  const previous = React.useRef(recording);
  React.useEffect(() => {
    if (recording && !previous.current) {
      toast({ kind: 'info', message: t('meeting.beingRecorded') });
    }
    previous.current = recording;
  }, [recording, toast, t]);
  return (
    <div className={`lkm-recording-frame ${recording ? 'lkm-is-recording' : ''}`}>{children}</div>
  );
}

function FailureDialog({
  failure,
  onHome,
  onRejoin,
}: {
  failure: Failure;
  onHome: () => void;
  onRejoin: () => void;
}) {
  const t = useT();
  let title: string;
  let body: React.ReactNode;
  let canRetry = true;
  switch (failure.kind) {
    case 'e2ee-unsupported':
      title = t('e2ee.unsupportedTitle');
      body = t('e2ee.unsupportedText');
      canRetry = false;
      break;
    case 'encryption':
      title = t('meeting.encryptionFailedTitle');
      body = failure.detail;
      break;
    case 'connect':
      title = t('meeting.connectFailedTitle');
      body = (
        <>
          <span>{t('meeting.connectFailedText')}</span>
          <code className="lkm-error-detail">{failure.detail}</code>
        </>
      );
      break;
  }
  const titleId = 'lkm-failure-title';
  return (
    <div className="lkm-overlay">
      <div className="lkm-dialog" role="alertdialog" aria-modal="true" aria-labelledby={titleId}>
        <Notice
          title={<span id={titleId}>{title}</span>}
          actions={
            <>
              {canRetry && (
                <button type="button" className="lk-button lkm-primary" onClick={onRejoin}>
                  {t('common.tryAgain')}
                </button>
              )}
              <button type="button" className="lk-button lkm-secondary" onClick={onHome}>
                {t('common.backToHome')}
              </button>
            </>
          }
        >
          {body}
        </Notice>
      </div>
    </div>
  );
}
