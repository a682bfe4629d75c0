import * as React from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { PreJoin, type LocalUserChoices } from '@livekit/components-react';
import { isE2EESupported } from 'livekit-client';
import { Conference } from '../components/Conference';
import { Logo } from '../components/Logo';
import { Notice } from '../components/Notice';
import { CopyLinkButton } from '../components/CopyLinkButton';
import { E2EEUnsupported } from '../components/E2EEUnsupported';
import { HourglassIcon, KeyIcon, LockIcon } from '../components/Icons';
import { HostControlsButton, HostPanel } from '../components/HostPanel';
import { PasscodeDialog } from '../components/PasscodeDialog';
import { WaitingScreen } from '../components/WaitingScreen';
import { MeetingEnded } from '../components/MeetingEnded';
import type { Ending } from '../lib/endings';
import { useToast } from '../components/Toasts';
import {
  ApiError,
  checkParticipantName,
  requestJoin,
  type ConnectionDetails,
} from '../lib/api';
import {
  fetchRoomInfo,
  mayRecord,
  retryText,
  type RoomInfo,
  type WaitingGuest,
} from '../lib/rooms';
import { useHostRoom } from '../lib/useHostRoom';
import { useCohostRole } from '../lib/useCohostRole';
import { useServerSession } from '../lib/useServerSession';
import { playChime } from '../lib/chime';
import { tokenFacts } from '../lib/token';
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

interface JoinProblem {
  title: string;
  text: string;
}

interface PasscodePrompt {
  choices: LocalUserChoices;
  error?: string;
  /** Epoch milliseconds before which the server refuses new tries. */
  retryAt?: number;
}

interface WaitingTicket {
  ticket: string;
  choices: LocalUserChoices;
}

const PREJOIN_DEFAULTS: Partial<LocalUserChoices> = {
  username: '',
  videoEnabled: true,
  audioEnabled: true,
};

const LOCKED: JoinProblem = {
  title: 'This meeting is locked',
  text: 'The host has locked this meeting, so nobody new can join. Ask the host to unlock it, then try again.',
};

const notFound = (roomName: string): JoinProblem => ({
  title: 'This meeting does not exist',
  text: `There is no meeting named “${roomName}” on this server. Check the link, or ask the person who organised it.`,
});

export function RoomPage() {
  const { roomName = '' } = useParams();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const options = React.useMemo(() => meetingOptionsFromQuery(searchParams), [searchParams]);
  const passphrase = React.useMemo(() => passphraseFromLocation(location.hash), [location.hash]);
  const [session, setSession] = React.useState<Session>();
  const [joining, setJoining] = React.useState(false);
  const [joinError, setJoinError] = React.useState<JoinProblem>();
  const [deviceError, setDeviceError] = React.useState<string>();
  const [info, setInfo] = React.useState<RoomInfo>();
  const [missing, setMissing] = React.useState(false);
  const [prompt, setPrompt] = React.useState<PasscodePrompt>();
  const [waiting, setWaiting] = React.useState<WaitingTicket>();
  const [panelOpen, setPanelOpen] = React.useState(false);
  const [ending, setEnding] = React.useState<Ending>();
  // What the person chose when they last joined: "Rejoin" joins with it again.
  const lastChoices = React.useRef<LocalUserChoices | undefined>(undefined);
  React.useEffect(() => {
    if (session) lastChoices.current = session.choices;
  }, [session]);
  const abort = React.useRef<AbortController | null>(null);
  // The passcode that worked, so that "Try again" after a disconnection does not ask again.
  const passcode = React.useRef<string | undefined>(undefined);
  const invalidName = validateRoomName(roomName);
  const { session: serverSession } = useServerSession();

  useDocumentTitle(waiting ? `Waiting · ${roomName} · LiveKit Meet` : `${roomName} · LiveKit Meet`);
  React.useEffect(() => () => abort.current?.abort(), []);

  // What joiners need to know first: passcode, waiting room, lock, and whether this browser hosts.
  const loadInfo = React.useCallback(
    (signal?: AbortSignal) => {
      fetchRoomInfo(roomName, signal).then(
        (next) => {
          setInfo(next);
          setMissing(false);
        },
        (error: unknown) => {
          if ((error as Error).name === 'AbortError') return;
          // Unknown (an older server, a network hiccup): the join request will tell.
          if (error instanceof ApiError && error.code === 'room_not_found') setMissing(true);
        },
      );
    },
    [roomName],
  );
  React.useEffect(() => {
    setInfo(undefined);
    setMissing(false);
    passcode.current = undefined;
    if (invalidName) return undefined;
    const controller = new AbortController();
    loadInfo(controller.signal);
    return () => controller.abort();
  }, [invalidName, loadInfo]);

  const isHost = !!info?.isHost;
  const onRoleChange = useCohostRole(
    roomName,
    session?.details.participantToken,
    info,
    loadInfo,
    toast,
  );
  const onNewGuests = React.useCallback(
    (guests: WaitingGuest[]) => {
      playChime();
      const first = guests[0]?.participantName || 'Someone';
      toast({
        kind: 'info',
        message:
          guests.length === 1
            ? `${first} is waiting to join.`
            : `${guests.length} people are waiting to join.`,
      });
    },
    [toast],
  );
  const host = useHostRoom(roomName, {
    enabled: isHost,
    initialLocked: info?.locked ?? false,
    initialListed: info?.listed ?? false,
    showParticipants: panelOpen,
    onNewGuests,
  });

  const join = React.useCallback(
    async (choices: LocalUserChoices, enteredPasscode?: string) => {
      const name = choices.username.trim();
      const nameProblem = checkParticipantName(name);
      if (nameProblem) {
        setJoinError({ title: 'Could not join the meeting', text: nameProblem });
        return;
      }
      const code = isHost ? undefined : (enteredPasscode ?? passcode.current);
      if (info?.passcode && !isHost && !code) {
        setJoinError(undefined);
        setPrompt({ choices });
        return;
      }
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setJoining(true);
      setJoinError(undefined);
      const chosen = { ...choices, username: name };
      try {
        const answer = await requestJoin(
          { roomName, participantName: name, region: options.region, passcode: code },
          controller.signal,
        );
        if (code) passcode.current = code;
        setPrompt(undefined);
        if (answer.kind === 'waiting') setWaiting({ ticket: answer.ticket, choices: chosen });
        else setSession({ details: answer.details, choices: chosen });
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        const reason = error instanceof ApiError ? error.code : undefined;
        switch (reason) {
          case 'passcode_required':
            passcode.current = undefined;
            setPrompt({ choices });
            return;
          case 'passcode_invalid':
            passcode.current = undefined;
            setPrompt({
              choices,
              error: 'Wrong passcode. Check it with the host and try again.',
            });
            return;
          case 'too_many_requests': {
            const wait = (error as ApiError).retryAfter;
            if (code) {
              // After wrong passcodes the server holds new tries back for a while.
              passcode.current = undefined;
              setPrompt({
                choices,
                error: 'Too many attempts.',
                retryAt: Date.now() + (wait ?? 12) * 1000,
              });
              return;
            }
            setPrompt(undefined);
            setJoinError({
              title: 'Too many requests',
              text: `The server received too many join requests from this network. ${retryText(wait)}`,
            });
            return;
          }
          case 'room_locked':
            setPrompt(undefined);
            setJoinError(LOCKED);
            loadInfo();
            return;
          case 'room_not_found':
            setPrompt(undefined);
            setJoinError(notFound(roomName));
            return;
          default:
            setPrompt(undefined);
            setJoinError({ title: 'Could not join the meeting', text: (error as Error).message });
        }
      } finally {
        if (abort.current === controller) setJoining(false);
      }
    },
    [roomName, options.region, info?.passcode, isHost, loadInfo],
  );

  const onSubmit = React.useCallback((choices: LocalUserChoices) => void join(choices), [join]);

  const onDeviceError = React.useCallback((error: Error) => {
    setDeviceError(describeDeviceError(error));
  }, []);

  const home = React.useCallback(() => navigate('/'), [navigate]);
  // The meeting is over for this person: the page says how (MeetingEnded).
  const infoRef = React.useRef(info);
  infoRef.current = info;
  const onEnd = React.useCallback((next: Ending) => {
    const known = infoRef.current;
    // Only the room's own host ends it for everyone: when it ends so, this browser (or another
    // of its host's) did it.
    const byYou = next.kind === 'ended' && next.by === 'host' && known?.isHost && !known.isCohost;
    setEnding(byYou ? { kind: 'ended', by: 'you' } : next);
    setSession(undefined);
    setPanelOpen(false);
  }, []);
  const cancelPrompt = React.useCallback(() => {
    abort.current?.abort();
    setJoining(false);
    setPrompt(undefined);
  }, []);
  const ended = React.useCallback(() => onEnd({ kind: 'ended', by: 'you' }), [onEnd]);

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

  if (missing && !session) {
    const problem = notFound(roomName);
    return (
      <div className="lkm-prejoin-page">
        <header className="lkm-topbar">
          <Logo />
        </header>
        <main className="lkm-prejoin-main">
          <Notice
            title={problem.title}
            actions={
              <Link to="/" className="lk-button lkm-secondary">
                Back to home
              </Link>
            }
          >
            {problem.text}
          </Notice>
        </main>
      </div>
    );
  }

  if (passphrase && !isE2EESupported()) {
    return <E2EEUnsupported />;
  }

  if (ending) {
    return (
      <MeetingEnded
        ending={ending}
        roomName={roomName}
        onRejoin={() => {
          setEnding(undefined);
          loadInfo();
          if (lastChoices.current) void join(lastChoices.current);
        }}
      />
    );
  }

  const panel =
    isHost && panelOpen ? (
      <HostPanel
        host={host}
        waitingRoom={!!info?.waitingRoom}
        selfIdentity={session ? tokenFacts(session.details.participantToken).identity : undefined}
        lobby={serverSession?.lobby}
        cohost={!!info?.isCohost}
        onClose={() => setPanelOpen(false)}
        onEnded={ended}
      />
    ) : null;

  // On wide screens the page makes room for the open drawer instead of hiding behind it.
  const shell = `lkm-room-shell ${panel ? 'lkm-host-panel-open' : ''}`;

  if (session) {
    return (
      <div className={shell}>
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
          recordRoom={mayRecord(serverSession, { isHost }) ? roomName : undefined}
          handsRoom={roomName}
          onRoleChange={onRoleChange}
          onEnd={onEnd}
          onHome={home}
          onRejoin={() => setSession(undefined)}
          toolbarReserve={isHost ? 170 + (panel ? 400 : 0) : 0}
          toolbarExtra={
            isHost
              ? (narrow) => (
                  <HostControlsButton
                    waiting={host.waiting.length}
                    open={panelOpen}
                    onToggle={() => setPanelOpen((open) => !open)}
                    showText={!narrow}
                    className="lk-button"
                  />
                )
              : undefined
          }
        />
        {panel}
      </div>
    );
  }

  if (waiting) {
    return (
      <WaitingScreen
        roomName={roomName}
        participantName={waiting.choices.username}
        ticket={waiting.ticket}
        onAdmitted={(details) => {
          setSession({ details, choices: waiting.choices });
          setWaiting(undefined);
        }}
        onCancel={() => setWaiting(undefined)}
        onAskAgain={() => {
          const { choices } = waiting;
          setWaiting(undefined);
          void join(choices);
        }}
      />
    );
  }

  return (
    <div className={shell}>
      <PreJoinScreen
        roomName={roomName}
        encrypted={!!passphrase}
        joining={joining}
        joinError={joinError}
        deviceError={deviceError}
        onSubmit={onSubmit}
        onDeviceError={onDeviceError}
        access={
          info?.hosted ? (
            <RoomAccess
              info={info}
              locked={isHost ? host.locked : info.locked}
              hostButton={
                isHost ? (
                  <HostControlsButton
                    waiting={host.waiting.length}
                    open={panelOpen}
                    onToggle={() => setPanelOpen((open) => !open)}
                  />
                ) : undefined
              }
            />
          ) : undefined
        }
      />
      {prompt && (
        <PasscodeDialog
          roomName={roomName}
          busy={joining}
          error={prompt.error}
          retryAt={prompt.retryAt}
          onSubmit={(code) => void join(prompt.choices, code)}
          onCancel={cancelPrompt}
        />
      )}
      {panel}
    </div>
  );
}

/** What a room with a host asks of joiners, on the pre-join screen. */
function RoomAccess({
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

function PreJoinScreen({
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
            videoProcessor={processor}
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
