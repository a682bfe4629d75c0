import * as React from 'react';
import { Link, useNavigate, useSearchParams } from '../lib/router';
import { PageShell } from '../components/PageShell';
import { useI18n, useT } from '../i18n/I18n';
import { LinkIcon, LockIcon, PlusVideoIcon, ServerIcon } from '../components/Icons';
import { generatePassphrase, generateRoomId } from '../lib/random';
import { encodePassphrase } from '../lib/passphrase';
import { RESERVED_ROOM_PREFIX, parseJoinInput, roomPath } from '../lib/links';
import { config } from '../lib/config';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { createRoom, creationError, lobbyOpenTo, type RoomInfo } from '../lib/rooms';
import { useServerSession, type ServerSession } from '../lib/useServerSession';
import { CreateRoomForm, OrganizerSignIn, OrganizerStatus } from '../components/CreateRoom';
import { MyRooms } from '../components/MyRooms';

type Tab = 'meeting' | 'custom';

const SERVER_URL_EXAMPLE = 'wss://my-project.livekit.cloud';

export function HomePage() {
  const t = useT();
  useDocumentTitle();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: Tab = searchParams.get('tab') === 'custom' ? 'custom' : 'meeting';
  // Who may create rooms and see the lobby here, and who is signed in; open until the server says
  // otherwise (an older server without api/session).
  const server = useServerSession();

  const selectTab = (next: Tab) => {
    setSearchParams(next === 'custom' ? { tab: 'custom' } : {}, { replace: true });
  };
  const onTabKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const next: Tab = tab === 'meeting' ? 'custom' : 'meeting';
      selectTab(next);
      document.getElementById(`lkm-tab-${next}`)?.focus();
    }
  };

  return (
    <PageShell className="lkm-home" session={server.session}>
      <section className="lkm-hero">
        <h1>{t('home.title')}</h1>
        {config.brand.welcome && <p className="lkm-welcome">{config.brand.welcome}</p>}
        <p>{t('home.intro')}</p>
      </section>

      <section className="lkm-card lkm-home-card">
        <div className="lkm-tabs" role="tablist" aria-label={t('home.tabsLabel')}>
          <button
            type="button"
            role="tab"
            id="lkm-tab-meeting"
            aria-selected={tab === 'meeting'}
            aria-controls="lkm-panel-meeting"
            tabIndex={tab === 'meeting' ? 0 : -1}
            className="lkm-tab"
            onClick={() => selectTab('meeting')}
            onKeyDown={onTabKeyDown}
          >
            {t('home.tabMeeting')}
          </button>
          <button
            type="button"
            role="tab"
            id="lkm-tab-custom"
            aria-selected={tab === 'custom'}
            aria-controls="lkm-panel-custom"
            tabIndex={tab === 'custom' ? 0 : -1}
            className="lkm-tab"
            onClick={() => selectTab('custom')}
            onKeyDown={onTabKeyDown}
          >
            {t('home.tabCustom')}
          </button>
        </div>
        {tab === 'meeting' ? <MeetingTab server={server} /> : <CustomTab />}
      </section>

      {/* The signed-in person's rooms. A room created above opens at once; coming back here
          loads the list again, with it. */}
      {server.session?.user && <MyRooms />}
    </PageShell>
  );
}

function EncryptionOption({
  id,
  enabled,
  onEnabledChange,
  passphrase,
  onPassphraseChange,
}: {
  id: string;
  enabled: boolean;
  onEnabledChange: (value: boolean) => void;
  passphrase: string;
  onPassphraseChange: (value: string) => void;
}) {
  const t = useT();
  return (
    <div className="lkm-e2ee">
      <div className="lkm-checkbox">
        <input
          id={`${id}-e2ee`}
          type="checkbox"
          checked={enabled}
          aria-describedby={`${id}-e2ee-hint`}
          onChange={(event) => onEnabledChange(event.target.checked)}
        />
        <span className="lkm-checkbox-box" aria-hidden="true" />
        <span>
          <label className="lkm-checkbox-label" htmlFor={`${id}-e2ee`}>
            <LockIcon width={16} height={16} /> {t('home.e2ee')}
          </label>
          <span className="lkm-hint" id={`${id}-e2ee-hint`}>
            {t('home.e2eeHint')}
          </span>
        </span>
      </div>
      {enabled && (
        <div className="lkm-field">
          <label htmlFor={`${id}-passphrase`}>{t('home.passphrase')}</label>
          <input
            id={`${id}-passphrase`}
            className="lk-form-control"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={passphrase}
            onChange={(event) => onPassphraseChange(event.target.value)}
            required
          />
        </div>
      )}
    </div>
  );
}

function MeetingTab({ server }: { server: ServerSession }) {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const [e2ee, setE2ee] = React.useState(false);
  const [passphrase, setPassphrase] = React.useState(() => generatePassphrase());
  const [joinInput, setJoinInput] = React.useState('');
  const [joinError, setJoinError] = React.useState<string>();
  const [startError, setStartError] = React.useState<string>();
  const [starting, setStarting] = React.useState(false);
  const { session, settled, setSession, reload } = server;
  const showLobby = settled && (!session || lobbyOpenTo(session));
  const organizersOnly = session?.roomCreation === 'organizers';
  const canStart = !organizersOnly || !!session?.organizer;

  const fragment = () => (e2ee ? `#${encodePassphrase(passphrase)}` : '');

  const openRoom = (room: RoomInfo) => navigate(roomPath(room.name, '', fragment()));

  const startMeeting = () => {
    if (e2ee && passphrase.length === 0) {
      setStartError(t('home.passphraseMissing'));
      return;
    }
    setStartError(undefined);
    if (!organizersOnly) {
      navigate(roomPath(generateRoomId(), '', fragment()));
      return;
    }
    // Only rooms with a host exist on this server: the organizer creates one and hosts it.
    setStarting(true);
    createRoom({})
      .then(openRoom, (error: unknown) => {
        setStartError(t('home.startFailed', { reason: creationError(i18n, error, '') }));
        reload();
      })
      .finally(() => setStarting(false));
  };

  const joinMeeting = (event: React.FormEvent) => {
    event.preventDefault();
    const target = parseJoinInput(joinInput, new URL(window.location.href));
    switch (target.kind) {
      case 'invalid':
        setJoinError(t(target.reason, { prefix: RESERVED_ROOM_PREFIX }));
        return;
      case 'external':
        window.location.assign(target.href);
        return;
      case 'room': {
        setJoinError(undefined);
        // A link brings its own fragment; a bare name takes this page's encryption choice.
        const hash = target.hash || fragment();
        navigate(roomPath(target.roomName, target.search, hash));
      }
    }
  };

  return (
    <div
      className="lkm-tab-panel"
      role="tabpanel"
      id="lkm-panel-meeting"
      aria-labelledby="lkm-tab-meeting"
    >
      {organizersOnly && !session?.organizer && (
        <OrganizerSignIn
          signIn={session?.signIn}
          user={session?.user}
          onSignedIn={(next) => {
            setStartError(undefined);
            // The password does not change who is signed in through the provider, whether or not
            // the answer says it.
            setSession(next.user || !session?.user ? next : { ...next, user: session.user });
          }}
        />
      )}
      {organizersOnly && session?.organizer && (
        // Signed in through the provider: the top bar's "Sign out" ends that session.
        <OrganizerStatus onSignedOut={setSession} passwordSignOut={!session.user} />
      )}
      {canStart && (
        <button
          type="button"
          className="lk-button lkm-primary lkm-wide"
          onClick={startMeeting}
          disabled={starting}
        >
          <PlusVideoIcon /> {t('home.startMeeting')}
        </button>
      )}
      {startError && (
        <p className="lkm-field-error" role="alert">
          {startError}
        </p>
      )}
      <EncryptionOption
        id="meeting"
        enabled={e2ee}
        onEnabledChange={setE2ee}
        passphrase={passphrase}
        onPassphraseChange={setPassphrase}
      />
      {canStart && (
        <CreateRoomForm
          onCreated={openRoom}
          onOrganizerRequired={() => {
            setStartError(t('home.organizerRequired'));
            reload();
          }}
          initiallyOpen={organizersOnly}
          lobby={session?.lobby}
        />
      )}

      <div className="lkm-divider">
        <span>{t('home.orJoin')}</span>
      </div>

      <form className="lkm-join-form" onSubmit={joinMeeting} noValidate>
        <label htmlFor="join-input" className="lkm-visually-hidden">
          {t('home.joinInput')}
        </label>
        <div className="lkm-input-with-icon">
          <LinkIcon />
          <input
            id="join-input"
            className="lk-form-control"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('home.joinInput')}
            value={joinInput}
            aria-invalid={joinError ? true : undefined}
            aria-describedby={joinError ? 'join-error' : undefined}
            onChange={(event) => {
              setJoinInput(event.target.value);
              setJoinError(undefined);
            }}
          />
        </div>
        <button type="submit" className="lk-button lkm-secondary" disabled={!joinInput.trim()}>
          {t('home.join')}
        </button>
      </form>
      {joinError && (
        <p id="join-error" className="lkm-field-error" role="alert">
          {joinError}
        </p>
      )}
      {showLobby && (
        <p className="lkm-home-lobby lkm-small">
          <Link to="/lobby">{t('home.openLobby')}</Link>
          <span className="lkm-muted">
            {' — '}
            {session?.lobby === 'listed' && !session.organizer
              ? t('home.lobbyHintListed')
              : t('home.lobbyHint')}
          </span>
        </p>
      )}
    </div>
  );
}

function CustomTab() {
  const t = useT();
  const [serverUrl, setServerUrl] = React.useState('');
  const [token, setToken] = React.useState('');
  const [e2ee, setE2ee] = React.useState(false);
  const [passphrase, setPassphrase] = React.useState(() => generatePassphrase());
  const [error, setError] = React.useState<string>();

  const connect = (event: React.FormEvent) => {
    event.preventDefault();
    const url = serverUrl.trim();
    const jwt = token.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['ws:', 'wss:', 'http:', 'https:'].includes(parsed.protocol)) {
      setError(t('home.serverUrlMissing', { example: SERVER_URL_EXAMPLE }));
      return;
    }
    if (jwt.split('.').length !== 3) {
      setError(t('home.tokenInvalid'));
      return;
    }
    if (e2ee && passphrase.length === 0) {
      setError(t('home.passphraseMissing'));
      return;
    }
    setError(undefined);
    const query = new URLSearchParams({ liveKitUrl: url, token: jwt });
    // A full page load, not a client-side route: the server sends /custom a Content-Security-Policy
    // that lets the page connect to any LiveKit server, where other pages may reach only the
    // configured one.
    const target = `custom?${query.toString()}${e2ee ? `#${encodePassphrase(passphrase)}` : ''}`;
    window.location.assign(new URL(target, document.baseURI).href);
  };

  return (
    <form
      className="lkm-tab-panel"
      role="tabpanel"
      id="lkm-panel-custom"
      aria-labelledby="lkm-tab-custom"
      onSubmit={connect}
      noValidate
    >
      <p className="lkm-muted">{t('home.customIntro')}</p>
      <div className="lkm-field">
        <label htmlFor="custom-url">{t('home.serverUrl')}</label>
        <div className="lkm-input-with-icon">
          <ServerIcon />
          <input
            id="custom-url"
            name="serverUrl"
            className="lk-form-control"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder={SERVER_URL_EXAMPLE}
            value={serverUrl}
            onChange={(event) => setServerUrl(event.target.value)}
            required
          />
        </div>
      </div>
      <div className="lkm-field">
        <label htmlFor="custom-token">{t('home.accessToken')}</label>
        <textarea
          id="custom-token"
          name="token"
          className="lk-form-control lkm-token"
          rows={4}
          spellCheck={false}
          placeholder="eyJhbGciOi…"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          required
        />
      </div>
      <EncryptionOption
        id="custom"
        enabled={e2ee}
        onEnabledChange={setE2ee}
        passphrase={passphrase}
        onPassphraseChange={setPassphrase}
      />
      {error && (
        <p className="lkm-field-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="lk-button lkm-primary lkm-wide"
        disabled={!serverUrl.trim() || !token.trim()}
      >
        {t('home.connect')}
      </button>
    </form>
  );
}
