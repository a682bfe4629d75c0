// The pre-join screen of a room: the camera preview, the name, the background, what a room with a
// host asks of joiners (passcode, waiting room, lock), and why the last try to join failed.
import * as React from 'react';
import { PreJoin, type LocalUserChoices } from '@livekit/components-react';
import { checkParticipantName } from '../lib/api';
import type { JoinProblem } from '../lib/joinFlow';
import type { RoomInfo } from '../lib/rooms';
import { useAccessibleNames } from '../lib/useAccessibleNames';
import { usePreviewBackground } from '../lib/useBackgroundEffect';
import { BackgroundPicker } from './BackgroundPicker';
import { CopyLinkButton } from './CopyLinkButton';
import { HourglassIcon, KeyIcon, LockIcon } from './Icons';
import { Logo } from './Logo';
import { Notice } from './Notice';

const PREJOIN_DEFAULTS: Partial<LocalUserChoices> = {
  username: '',
  videoEnabled: true,
  audioEnabled: true,
};

/** What a room with a host asks of joiners, on the pre-join screen. */
export function RoomAccess({
  info,
  locked,
  hostButton,
}: {
  info: RoomInfo;
  locked: boolean;
  hostButton?: React.ReactNode;
}) {
  return (
    <div className="lkm-room-access">
      {info.isHost && <span className="lkm-badge lkm-badge-host">You are the host</span>}
      {info.passcode && (
        <span className="lkm-badge lkm-badge-plain">
          <KeyIcon width={14} height={14} /> Passcode
        </span>
      )}
      {info.waitingRoom && (
        <span className="lkm-badge lkm-badge-plain">
          <HourglassIcon width={14} height={14} /> Waiting room
        </span>
      )}
      {locked && (
        <span className="lkm-badge lkm-badge-locked">
          <LockIcon width={14} height={14} /> Locked
        </span>
      )}
      {hostButton}
    </div>
  );
}

const NAME_PROBLEM_ID = 'lkm-name-problem';

export function PreJoinScreen({
  roomName,
  encrypted,
  joining,
  joinError,
  deviceError,
  onSubmit,
  onDeviceError,
  access,
}: {
  roomName: string;
  encrypted: boolean;
  joining: boolean;
  joinError?: JoinProblem;
  deviceError?: string;
  onSubmit: (choices: LocalUserChoices) => void;
  onDeviceError: (error: Error) => void;
  /** Badges and the host's controls of a room with a host. */
  access?: React.ReactNode;
}) {
  const ref = React.useRef<HTMLDivElement>(null);
  const errorRef = React.useRef<HTMLDivElement>(null);
  useAccessibleNames(ref);
  // The name is checked as it is typed (the server refuses invisible and control characters);
  // an empty field only disables "Join" without a message.
  const [nameProblem, setNameProblem] = React.useState<string>();
  const validate = React.useCallback((values: LocalUserChoices) => {
    const problem = checkParticipantName(values.username);
    setNameProblem(values.username.trim() === '' ? undefined : problem);
    return problem === undefined;
  }, []);
  React.useEffect(() => {
    const input = ref.current?.querySelector<HTMLInputElement>('input#username');
    if (!input) return;
    if (nameProblem) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', NAME_PROBLEM_ID);
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
  }, [nameProblem]);
  // On small screens the reason a join failed is below the fold: bring it into view.
  React.useEffect(() => {
    if (joinError) errorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [joinError]);
  const background = usePreviewBackground();
  // A preview that fails with an effect on is retried without it. (PreJoin makes its preview
  // again when this function changes: it changes only with the processor.)
  const { previewFailed } = background;
  const onPreviewError = React.useCallback(
    (error: Error) => {
      if (!previewFailed(error)) onDeviceError(error);
    },
    [previewFailed, onDeviceError],
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
          {access}
        </div>
        <div
          ref={ref}
          className={`lkm-prejoin-frame ${joining ? 'lkm-busy' : ''}`}
          aria-busy={joining}
        >
          <PreJoin
            defaults={PREJOIN_DEFAULTS}
            onSubmit={onSubmit}
            onValidate={validate}
            onError={onPreviewError}
            videoProcessor={background.processor}
            joinLabel={joining ? 'Joining…' : 'Join meeting'}
            micLabel="Microphone"
            camLabel="Camera"
            userLabel="Your name"
          />
          {nameProblem && (
            <p id={NAME_PROBLEM_ID} className="lkm-field-error lkm-name-problem" role="alert">
              {nameProblem}
            </p>
          )}
          {background.supported && (
            <div className="lkm-prejoin-effects" role="group" aria-label="Background">
              <span className="lkm-prejoin-effects-label" aria-hidden="true">
                Background
              </span>
              <BackgroundPicker
                effect={background.effect}
                onSelect={background.setEffect}
                compact
              />
            </div>
          )}
        </div>
        {background.error && <Notice kind="warning">{background.error}</Notice>}
        {deviceError && (
          <Notice kind="warning" title="Camera or microphone unavailable">
            {deviceError}
          </Notice>
        )}
        {joinError && (
          <div ref={errorRef} className="lkm-prejoin-error">
            <Notice title={joinError.title}>{joinError.text}</Notice>
          </div>
        )}
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
