// The pre-join screen of a room: the camera preview, the name, the background, what a room with a
// host asks of joiners (passcode, waiting room, lock), and why the last try to join failed.
import * as React from 'react';
import { PreJoin, type LocalUserChoices } from '@livekit/components-react';
import { Link } from '../lib/router';
import { useI18n, useT } from '../i18n/I18n';
import type { I18n } from '../i18n/i18n';
import {
  nameProblemText,
  participantNameProblem,
  prefillParticipantName,
  type NameProblem,
} from '../lib/participantName';
import { joinProblemText, type JoinProblem } from '../lib/joinFlow';
import type { RoomInfo } from '../lib/rooms';
import { useAccessibleNames } from '../lib/useAccessibleNames';
import { usePreviewBackground } from '../lib/useBackgroundEffect';
import { BackgroundPicker } from './BackgroundPicker';
import { CopyLinkButton } from './CopyLinkButton';
import { HourglassIcon, KeyIcon, LockIcon } from './Icons';
import { LanguagePicker } from './LanguagePicker';
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
  const t = useT();
  return (
    <div className="lkm-room-access">
      {info.isHost && <span className="lkm-badge lkm-badge-host">{t('prejoin.youAreHost')}</span>}
      {info.passcode && (
        <span className="lkm-badge lkm-badge-plain">
          <KeyIcon width={14} height={14} /> {t('prejoin.passcode')}
        </span>
      )}
      {info.waitingRoom && (
        <span className="lkm-badge lkm-badge-plain">
          <HourglassIcon width={14} height={14} /> {t('prejoin.waitingRoom')}
        </span>
      )}
      {locked && (
        <span className="lkm-badge lkm-badge-locked">
          <LockIcon width={14} height={14} /> {t('prejoin.locked')}
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
  signedInName,
  joining,
  joinError,
  deviceError,
  onSubmit,
  onDeviceError,
  access,
}: {
  roomName: string;
  encrypted: boolean;
  /**
   * The name of the person signed in through the server's provider, which the name field starts
   * with unless they chose another (participantName.ts, startingName); null: nobody is signed in;
   * undefined: unknown (the session did not answer), the remembered name stays as it is.
   */
  signedInName?: string | null;
  joining: boolean;
  joinError?: JoinProblem;
  /** Why the camera or microphone preview failed. */
  deviceError?: Error;
  onSubmit: (choices: LocalUserChoices) => void;
  onDeviceError: (error: Error) => void;
  /** Badges and the host's controls of a room with a host. */
  access?: React.ReactNode;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const ref = React.useRef<HTMLDivElement>(null);
  const errorRef = React.useRef<HTMLDivElement>(null);
  useAccessibleNames(ref);
  // PreJoin reads the remembered name when it mounts: the starting name goes there first.
  const [startName] = React.useState(() =>
    signedInName === undefined ? undefined : prefillParticipantName(signedInName ?? undefined),
  );
  const defaults = React.useMemo(
    () => (startName === undefined ? PREJOIN_DEFAULTS : { ...PREJOIN_DEFAULTS, username: startName }),
    [startName],
  );
  // The name is checked as it is typed (the server refuses invisible and control characters);
  // an empty field only disables "Join" without a message.
  const [nameProblem, setNameProblem] = React.useState<NameProblem>();
  const validate = React.useCallback((values: LocalUserChoices) => {
    const problem = participantNameProblem(values.username);
    setNameProblem(problem === 'empty' ? undefined : problem);
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
  const joinErrorText = joinError && joinProblemText(i18n, joinError, roomName);

  return (
    <div className="lkm-prejoin-page" data-lk-theme="default">
      <header className="lkm-topbar">
        <Logo />
        <LanguagePicker />
      </header>
      <main className="lkm-prejoin-main">
        <div className="lkm-prejoin-heading">
          <p className="lkm-eyebrow">{t('prejoin.readyToJoin')}</p>
          <h1 className="lkm-room-title">{roomName}</h1>
          <div className="lkm-prejoin-meta">
            {encrypted && (
              <span className="lkm-badge lkm-badge-secure">
                <LockIcon width={14} height={14} /> {t('prejoin.encrypted')}
              </span>
            )}
            <CopyLinkButton
              link={window.location.href}
              label={encrypted ? t('prejoin.copyInviteLinkWithPassphrase') : t('common.copyInviteLink')}
            />
            <Link to="/test" className="lk-button lkm-ghost">
              {t('test.link')}
            </Link>
          </div>
          {access}
        </div>
        <div
          ref={ref}
          className={`lkm-prejoin-frame ${joining ? 'lkm-busy' : ''}`}
          aria-busy={joining}
        >
          <PreJoin
            defaults={defaults}
            onSubmit={onSubmit}
            onValidate={validate}
            onError={onPreviewError}
            videoProcessor={background.processor}
            joinLabel={joining ? t('prejoin.joining') : t('prejoin.joinMeeting')}
            micLabel={t('common.microphone')}
            camLabel={t('common.camera')}
            userLabel={t('prejoin.yourName')}
          />
          {nameProblem && (
            <p id={NAME_PROBLEM_ID} className="lkm-field-error lkm-name-problem" role="alert">
              {nameProblemText(i18n, nameProblem)}
            </p>
          )}
          {background.supported && (
            <div className="lkm-prejoin-effects" role="group" aria-label={t('prejoin.background')}>
              <span className="lkm-prejoin-effects-label" aria-hidden="true">
                {t('prejoin.background')}
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
          <Notice kind="warning" title={t('prejoin.deviceUnavailable')}>
            {describeDeviceError(i18n, deviceError)}
          </Notice>
        )}
        {joinErrorText && (
          <div ref={errorRef} className="lkm-prejoin-error">
            <Notice title={joinErrorText.title}>{joinErrorText.text}</Notice>
          </div>
        )}
      </main>
    </div>
  );
}

/** Why the camera or microphone could not be used, for a person. */
function describeDeviceError({ t }: I18n, error: Error): string {
  switch (error.name) {
    case 'NotAllowedError':
      return t('prejoin.deviceNotAllowed');
    case 'NotFoundError':
      return t('prejoin.deviceNotFound');
    case 'NotReadableError':
      return t('prejoin.deviceInUse');
    default:
      return error.message || t('prejoin.deviceFailed');
  }
}
