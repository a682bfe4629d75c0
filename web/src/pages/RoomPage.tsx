import * as React from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { PreJoin, type LocalUserChoices } from '@livekit/components-react';
import { isE2EESupported } from 'livekit-client';
import { Conference } from '../components/Conference';
import { Logo } from '../components/Logo';
import { Notice } from '../components/Notice';
import { CopyLinkButton } from '../components/CopyLinkButton';
import { E2EEUnsupported } from '../components/E2EEUnsupported';
import { LockIcon } from '../components/Icons';
import { fetchConnectionDetails, type ConnectionDetails } from '../lib/api';
import { validateRoomName } from '../lib/links';
import { passphraseFromLocation } from '../lib/passphrase';
import { meetingOptionsFromQuery } from '../lib/roomOptions';
import { useAccessibleNames } from '../lib/useAccessibleNames';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { loadNoiseSuppression } from '../lib/noiseSuppression';
import {
  backgroundEffectsSupported,
  createBackgroundProcessor,
  loadBackgroundEffect,
  switchBackgroundProcessor,
  saveBackgroundEffect,
  type BackgroundEffect,
} from '../lib/backgroundEffects';
import { BackgroundPicker } from '../components/BackgroundPicker';

interface Session {
  details: ConnectionDetails;
  choices: LocalUserChoices;
}

const PREJOIN_DEFAULTS: Partial<LocalUserChoices> = {
  username: '',
  videoEnabled: true,
  audioEnabled: true,
};

export function RoomPage() {
  const { roomName = '' } = useParams();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const options = React.useMemo(() => meetingOptionsFromQuery(searchParams), [searchParams]);
  const passphrase = React.useMemo(() => passphraseFromLocation(location.hash), [location.hash]);
  const [session, setSession] = React.useState<Session>();
  const [joining, setJoining] = React.useState(false);
  const [joinError, setJoinError] = React.useState<string>();
  const [deviceError, setDeviceError] = React.useState<string>();
  const abort = React.useRef<AbortController | null>(null);

  useDocumentTitle(`${roomName} · LiveKit Meet`);
  React.useEffect(() => () => abort.current?.abort(), []);

  const onSubmit = React.useCallback(
    async (choices: LocalUserChoices) => {
      const name = choices.username.trim();
      if (!name) {
        setJoinError('Enter your name to join.');
        return;
      }
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setJoining(true);
      setJoinError(undefined);
      try {
        const details = await fetchConnectionDetails(
          roomName,
          name,
          options.region,
          controller.signal,
        );
        setSession({ details, choices: { ...choices, username: name } });
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        setJoinError((error as Error).message);
      } finally {
        if (abort.current === controller) setJoining(false);
      }
    },
    [roomName, options.region],
  );

  const onDeviceError = React.useCallback((error: Error) => {
    setDeviceError(describeDeviceError(error));
  }, []);

  const leave = React.useCallback(() => navigate('/'), [navigate]);

  const invalidName = validateRoomName(roomName);
  if (invalidName) {
    return (
      <div className="lkm-prejoin-page">
        <header className="lkm-topbar">
          <Logo />
        </header>
        <main className="lkm-prejoin-main">
          <Notice
            title="This meeting link is not valid"
            actions={
              <Link to="/" className="lk-button lkm-secondary">
                Back to home
              </Link>
            }
          >
            {invalidName}
          </Notice>
        </main>
      </div>
    );
  }

  if (passphrase && !isE2EESupported()) {
    return <E2EEUnsupported />;
  }

  if (session) {
    return (
      <Conference
        serverUrl={session.details.serverUrl}
        token={session.details.participantToken}
        roomName={roomName}
        options={options}
        e2eePassphrase={passphrase}
        start={{
          video: session.choices.videoEnabled,
          audio: session.choices.audioEnabled,
          videoDeviceId: session.choices.videoDeviceId,
          audioDeviceId: session.choices.audioDeviceId,
          noiseSuppression: loadNoiseSuppression(),
        }}
        inviteLink={window.location.href}
        onLeave={leave}
        onRejoin={() => setSession(undefined)}
      />
    );
  }

  return (
    <PreJoinScreen
      roomName={roomName}
      encrypted={!!passphrase}
      joining={joining}
      joinError={joinError}
      deviceError={deviceError}
      onSubmit={onSubmit}
      onDeviceError={onDeviceError}
    />
  );
}

function PreJoinScreen({
  roomName,
  encrypted,
  joining,
  joinError,
  deviceError,
  onSubmit,
  onDeviceError,
}: {
  roomName: string;
  encrypted: boolean;
  joining: boolean;
  joinError?: string;
  deviceError?: string;
  onSubmit: (choices: LocalUserChoices) => void;
  onDeviceError: (error: Error) => void;
}) {
  const ref = React.useRef<HTMLDivElement>(null);
  useAccessibleNames(ref);
  const supported = React.useMemo(() => backgroundEffectsSupported(), []);
  const [effect, setEffect] = React.useState<BackgroundEffect>(() =>
    supported ? loadBackgroundEffect() : { kind: 'none' },
  );
  const [effectError, setEffectError] = React.useState<string>();
  // One processor while an effect is on: switching between effects reuses it (the preview keeps
  // its camera); "None" drops it.
  const [processor, setProcessor] = React.useState(() => {
    try {
      return createBackgroundProcessor(effect);
    } catch {
      return undefined;
    }
  });
  const selectEffect = React.useCallback(
    (next: BackgroundEffect) => {
      setEffectError(undefined);
      setEffect(next);
      saveBackgroundEffect(next);
      if (next.kind === 'none') {
        setProcessor(undefined);
      } else if (processor) {
        switchBackgroundProcessor(processor, next).catch((error: unknown) => {
          setEffectError(
            `The background effect could not start: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      } else {
        try {
          setProcessor(createBackgroundProcessor(next));
        } catch (error) {
          setEffectError(
            `The background effect could not start: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    },
    [processor],
  );
  // A preview that fails with an effect on is retried without it.
  const onPreviewError = React.useCallback(
    (error: Error) => {
      if (processor) {
        setEffectError(`The background effect could not start: ${error.message}`);
        setEffect({ kind: 'none' });
        setProcessor(undefined);
        saveBackgroundEffect({ kind: 'none' });
        return;
      }
      onDeviceError(error);
    },
    [processor, onDeviceError],
  );

  return (
    <div className="lkm-prejoin-page" data-lk-theme="default">
      <header className="lkm-topbar">
        <Logo />
      </header>
      <main className="lkm-prejoin-main">
        <div className="lkm-prejoin-heading">
          <p className="lkm-eyebrow">Ready to join?</p>
          <h1 className="lkm-room-title">{roomName}</h1>
          <div className="lkm-prejoin-meta">
            {encrypted && (
              <span className="lkm-badge lkm-badge-secure">
                <LockIcon width={14} height={14} /> End-to-end encrypted
              </span>
            )}
            <CopyLinkButton
              link={window.location.href}
              label={encrypted ? 'Copy invite link (includes passphrase)' : 'Copy invite link'}
            />
          </div>
        </div>
        <div
          ref={ref}
          className={`lkm-prejoin-frame ${joining ? 'lkm-busy' : ''}`}
          aria-busy={joining}
        >
          <PreJoin
            defaults={PREJOIN_DEFAULTS}
            onSubmit={onSubmit}
            onError={onPreviewError}
            videoProcessor={processor}
            joinLabel={joining ? 'Joining…' : 'Join meeting'}
            micLabel="Microphone"
            camLabel="Camera"
            userLabel="Your name"
          />
          {supported && (
            <div className="lkm-prejoin-effects" role="group" aria-label="Background">
              <span className="lkm-prejoin-effects-label" aria-hidden="true">
                Background
              </span>
              <BackgroundPicker effect={effect} onSelect={selectEffect} compact />
            </div>
          )}
        </div>
        {effectError && <Notice kind="warning">{effectError}</Notice>}
        {deviceError && (
          <Notice kind="warning" title="Camera or microphone unavailable">
            {deviceError}
          </Notice>
        )}
        {joinError && <Notice title="Could not join the meeting">{joinError}</Notice>}
      </main>
    </div>
  );
}

export function describeDeviceError(error: Error): string {
  switch (error.name) {
    case 'NotAllowedError':
      return 'The browser was not allowed to use your camera or microphone. Allow access in the site settings, then reload the page. You can still join without them.';
    case 'NotFoundError':
      return 'No camera or microphone was found. You can still join without them.';
    case 'NotReadableError':
      return 'Your camera or microphone is in use by another application.';
    default:
      return error.message || 'Your camera or microphone could not be started.';
  }
}
