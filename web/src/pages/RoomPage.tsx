// A meeting room: the join flow (lib/joinFlow.ts) from the pre-join screen through the passcode
// and the waiting room to the meeting and the page after it, and the host's panel beside it.
import * as React from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from '../lib/router';
import type { LocalUserChoices } from '@livekit/components-react';
import { isE2EESupported } from 'livekit-client';
import { useI18n, useT } from '../i18n/I18n';
import { Conference } from '../components/Conference';
import { LanguagePicker } from '../components/LanguagePicker';
import { Logo } from '../components/Logo';
import { Notice } from '../components/Notice';
import { E2EEUnsupported } from '../components/E2EEUnsupported';
import { HostControlsButton } from '../components/HostBadges';
import { PasscodeDialog } from '../components/PasscodeDialog';
import { PreJoinScreen, RoomAccess } from '../components/PreJoinScreen';
import { WaitingScreen } from '../components/WaitingScreen';
import { MeetingEnded } from '../components/MeetingEnded';
import type { Ending } from '../lib/endings';
import { useToast } from '../components/Toasts';
import { keepHashForSignIn, mustSignIn, signInNext, signInUrl, takeHashAfterSignIn } from '../lib/account';
import { ApiError, requestJoin } from '../lib/api';
import { participantNameProblem } from '../lib/participantName';
import { INITIAL_JOIN_STAGE, endingForViewer, joinFlow, joinProblemText } from '../lib/joinFlow';
import type { WaitingGuest } from '../lib/hostRequests';
import { fetchRoomInfo, mayRecord, type RoomInfo } from '../lib/rooms';
import { useHostRoom } from '../lib/useHostRoom';
import { useCohostRole } from '../lib/useCohostRole';
import { useServerSession } from '../lib/useServerSession';
import { playChime } from '../lib/chime';
import { tokenFacts } from '../lib/token';
import { RESERVED_ROOM_PREFIX, validateRoomName } from '../lib/links';
import { passphraseFromLocation } from '../lib/passphrase';
import { meetingOptionsFromQuery } from '../lib/roomOptions';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { loadNoiseSuppression } from '../lib/noiseSuppression';

// The host's drawer is for hosts, and only once they open it: loaded then.
const HostPanel = React.lazy(() => import('../components/HostPanel').then((m) => ({ default: m.HostPanel })));

/** How long the pre-join waits for `api/session` (who is signed in) before it shows anyway. */
const SESSION_WAIT_MS = 3000;

/** What the server said about the room: its settings, or that it does not exist. */
type RoomKnowledge = { info?: RoomInfo; missing: boolean };

/** Another room is another page: nothing of one room's flow carries over to the next. */
export function RoomPage() {
  const { roomName = '' } = useParams();
  return <Room key={roomName} roomName={roomName} />;
}

function Room({ roomName }: { roomName: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const options = React.useMemo(() => meetingOptionsFromQuery(searchParams), [searchParams]);
  const passphrase = React.useMemo(() => passphraseFromLocation(location.hash), [location.hash]);
  const [flow, dispatch] = React.useReducer(joinFlow, INITIAL_JOIN_STAGE);
  const [deviceError, setDeviceError] = React.useState<Error>();
  const [{ info, missing }, setKnowledge] = React.useState<RoomKnowledge>({ missing: false });
  const [panelOpen, setPanelOpen] = React.useState(false);
  const abort = React.useRef<AbortController | null>(null);
  // The passcode that worked, so that "Try again" after a disconnection does not ask again.
  const passcode = React.useRef<string | undefined>(undefined);
  const invalidName = validateRoomName(roomName);
  const {
    session: serverSession,
    settled: sessionSettled,
    reload: reloadSession,
  } = useServerSession();
  // The pre-join waits for the session (a sign-in to ask for first, a name to start with), for a
  // while at most.
  const [waitedForSession, setWaitedForSession] = React.useState(false);
  const meeting = flow.stage === 'meeting' ? flow : undefined;

  useDocumentTitle(...(flow.stage === 'waiting' ? [t('room.waiting'), roomName] : [roomName]));
  React.useEffect(() => () => abort.current?.abort(), []);
  React.useEffect(() => {
    const timer = window.setTimeout(() => setWaitedForSession(true), SESSION_WAIT_MS);
    return () => window.clearTimeout(timer);
  }, []);

  // Back from signing in: the link's fragment (the encryption passphrase), which the server never
  // saw, comes back from this tab (lib/account.ts).
  const returned = React.useRef(false);
  React.useEffect(() => {
    if (returned.current) return;
    returned.current = true;
    const path = `${location.pathname}${location.search}`;
    const hash = takeHashAfterSignIn(path);
    if (hash && !location.hash) navigate(`${path}${hash}`, { replace: true });
  }, [location.pathname, location.search, location.hash, navigate]);

  // What joiners need to know first: passcode, waiting room, lock, and whether this browser hosts.
  const loadInfo = React.useCallback(
    (signal?: AbortSignal) => {
      fetchRoomInfo(roomName, signal).then(
        (next) => setKnowledge({ info: next, missing: false }),
        (error: unknown) => {
          if ((error as Error).name === 'AbortError') return;
          // Unknown (an older server, a network hiccup): the join request will tell.
          if (error instanceof ApiError && error.code === 'room_not_found') {
            setKnowledge((known) => ({ ...known, missing: true }));
          }
        },
      );
    },
    [roomName],
  );
  React.useEffect(() => {
    if (invalidName) return undefined;
    const controller = new AbortController();
    loadInfo(controller.signal);
    return () => controller.abort();
  }, [invalidName, loadInfo]);

  const isHost = !!info?.isHost;
  const onRoleChange = useCohostRole(
    roomName,
    meeting?.details.participantToken,
    info,
    loadInfo,
    toast,
  );
  const onNewGuests = React.useCallback(
    (guests: WaitingGuest[]) => {
      playChime();
      const first = guests[0]?.participantName;
      toast({
        kind: 'info',
        message:
          guests.length !== 1
            ? t('room.peopleWaiting', { count: guests.length })
            : first
              ? t('room.guestWaiting', { name: first })
              : t('room.someoneWaiting'),
      });
    },
    [toast, t],
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
      const nameProblem = participantNameProblem(name);
      if (nameProblem) {
        dispatch({ type: 'refused', problem: { kind: 'name', problem: nameProblem } });
        return;
      }
      const code = isHost ? undefined : (enteredPasscode ?? passcode.current);
      if (info?.passcode && !isHost && !code) {
        dispatch({ type: 'askPasscode', choices });
        return;
      }
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      dispatch({ type: 'request' });
      const chosen = { ...choices, username: name };
      try {
        const answer = await requestJoin(
          { roomName, participantName: name, region: options.region, passcode: code },
          controller.signal,
        );
        if (code) passcode.current = code;
        if (answer.kind === 'waiting') dispatch({ type: 'wait', ticket: answer.ticket, choices: chosen });
        else dispatch({ type: 'joined', details: answer.details, choices: chosen });
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        const reason = error instanceof ApiError ? error.code : undefined;
        switch (reason) {
          case 'passcode_required':
            passcode.current = undefined;
            dispatch({ type: 'askPasscode', choices });
            return;
          case 'passcode_invalid':
            passcode.current = undefined;
            dispatch({ type: 'askPasscode', choices, error: 'wrong' });
            return;
          case 'too_many_requests': {
            const wait = (error as ApiError).retryAfter;
            if (code) {
              // After wrong passcodes the server holds new tries back for a while.
              passcode.current = undefined;
              dispatch({
                type: 'askPasscode',
                choices,
                error: 'tooMany',
                retryAt: Date.now() + (wait ?? 12) * 1000,
              });
              return;
            }
            dispatch({ type: 'refused', problem: { kind: 'tooManyRequests', retryAfter: wait } });
            return;
          }
          case 'room_locked':
            dispatch({ type: 'refused', problem: { kind: 'locked' } });
            loadInfo();
            return;
          case 'room_not_found':
            dispatch({ type: 'refused', problem: { kind: 'notFound' } });
            return;
          case 'sign_in_required':
            // Signed out meanwhile: said over the pre-join, which gives way to the sign-in once
            // the session says so.
            dispatch({ type: 'refused', problem: { kind: 'failed', error } });
            reloadSession();
            return;
          default:
            dispatch({ type: 'refused', problem: { kind: 'failed', error } });
        }
      } finally {
        if (abort.current === controller) dispatch({ type: 'settle' });
      }
    },
    [roomName, options.region, info?.passcode, isHost, loadInfo, reloadSession],
  );

  const onSubmit = React.useCallback((choices: LocalUserChoices) => void join(choices), [join]);

  const onDeviceError = React.useCallback((error: Error) => setDeviceError(error), []);

  const home = React.useCallback(() => navigate('/'), [navigate]);
  // The meeting is over for this person: the page says how (MeetingEnded).
  const onEnd = React.useCallback((ending: Ending) => {
    dispatch({ type: 'end', ending });
    setPanelOpen(false);
  }, []);
  const cancelPrompt = React.useCallback(() => {
    abort.current?.abort();
    dispatch({ type: 'cancel' });
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
            title={t('room.invalidLink')}
            actions={
              <Link to="/" className="lk-button lkm-secondary">
                {t('common.backToHome')}
              </Link>
            }
          >
            {t(invalidName, { prefix: RESERVED_ROOM_PREFIX })}
          </Notice>
        </main>
      </div>
    );
  }

  if (passphrase && !isE2EESupported()) {
    return <E2EEUnsupported />;
  }

  if (flow.stage === 'ended') {
    const { choices } = flow;
    return (
      <MeetingEnded
        ending={endingForViewer(flow.ending, info)}
        roomName={roomName}
        onRejoin={() => {
          loadInfo();
          if (choices) void join(choices);
          else dispatch({ type: 'restart' });
        }}
      />
    );
  }

  if (missing && !meeting) {
    const problem = joinProblemText(i18n, { kind: 'notFound' }, roomName);
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
                {t('common.backToHome')}
              </Link>
            }
          >
            {problem.text}
          </Notice>
        </main>
      </div>
    );
  }

  const panel =
    isHost && panelOpen ? (
      <React.Suspense fallback={null}>
        <HostPanel
          host={host}
          waitingRoom={!!info?.waitingRoom}
          selfIdentity={meeting ? tokenFacts(meeting.details.participantToken).identity : undefined}
          lobby={serverSession?.lobby}
          cohost={!!info?.isCohost}
          onClose={() => setPanelOpen(false)}
          onEnded={ended}
        />
      </React.Suspense>
    ) : null;

  // On wide screens the page makes room for the open drawer instead of hiding behind it.
  const shell = `lkm-room-shell ${panel ? 'lkm-host-panel-open' : ''}`;

  if (flow.stage === 'meeting') {
    return (
      <div className={shell}>
        <Conference
          serverUrl={flow.details.serverUrl}
          token={flow.details.participantToken}
          roomName={roomName}
          options={options}
          e2eePassphrase={passphrase}
          start={{
            video: flow.choices.videoEnabled,
            audio: flow.choices.audioEnabled,
            videoDeviceId: flow.choices.videoDeviceId,
            audioDeviceId: flow.choices.audioDeviceId,
            noiseSuppression: loadNoiseSuppression(),
          }}
          inviteLink={window.location.href}
          recordRoom={mayRecord(serverSession, { isHost }) ? roomName : undefined}
          handsRoom={roomName}
          onRoleChange={onRoleChange}
          onEnd={onEnd}
          onHome={home}
          onRejoin={() => dispatch({ type: 'restart' })}
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

  if (flow.stage === 'waiting') {
    const { choices } = flow;
    return (
      <WaitingScreen
        roomName={roomName}
        participantName={choices.username}
        ticket={flow.ticket}
        onAdmitted={(details) => dispatch({ type: 'admitted', details })}
        onCancel={() => dispatch({ type: 'cancel' })}
        onAskAgain={() => void join(choices)}
      />
    );
  }

  if (!sessionSettled && !waitedForSession) return <RoomLoading />;
  if (mustSignIn(serverSession)) return <SignInToJoin roomName={roomName} />;

  const prompt = flow.stage === 'passcode' ? flow : undefined;

  return (
    <div className={shell}>
      <PreJoinScreen
        roomName={roomName}
        encrypted={!!passphrase}
        signedInName={serverSession ? (serverSession.user?.name ?? null) : undefined}
        joining={flow.joining}
        joinError={flow.stage === 'problem' ? flow.problem : undefined}
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
          busy={prompt.joining}
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

function RoomLoading() {
  const t = useT();
  return (
    <div className="lkm-loading" role="status">
      <span className="lkm-spinner" aria-hidden="true" />
      <span className="lkm-visually-hidden">{t('app.loading')}</span>
    </div>
  );
}

/**
 * The server asks everyone to sign in first (`--require-sign-in`): why, and the sign-in that
 * comes back to this room (its link's options too; the fragment waits in this tab).
 */
function SignInToJoin({ roomName }: { roomName: string }) {
  const t = useT();
  const { pathname, search, hash } = useLocation();
  const next = signInNext(pathname, search);
  return (
    <div className="lkm-prejoin-page">
      <header className="lkm-topbar">
        <Logo />
        <LanguagePicker />
      </header>
      <main className="lkm-prejoin-main">
        <div className="lkm-prejoin-heading">
          <h1 className="lkm-room-title">{roomName}</h1>
        </div>
        <Notice
          kind="info"
          title={t('room.signInTitle')}
          actions={
            <>
              <a
                className="lk-button lkm-primary"
                href={signInUrl(next)}
                onClick={() => keepHashForSignIn(next, hash)}
              >
                {t('room.signInToJoin')}
              </a>
              <Link to="/" className="lk-button lkm-secondary">
                {t('common.backToHome')}
              </Link>
            </>
          }
        >
          {t('room.signInText')}
        </Notice>
      </main>
    </div>
  );
}
