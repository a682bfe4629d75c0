// The home page's room creation: a room with a host (optional name, passcode, waiting room, shown
// in the lobby), and the organizer sign-in for servers where only organizers may create rooms.
import * as React from 'react';
import { errorText } from '../i18n/errors';
import { useI18n } from '../i18n/I18n';
import { signInNext, signInUrl, userLabel, type SignInOptions, type SignedInUser } from '../lib/account';
import { ApiError } from '../lib/api';
import {
  PASSCODE_MIN_LENGTH,
  checkHostedRoomName,
  checkPasscode,
  createRoom,
  creationError,
  retryText,
  signIn,
  signOut,
  type LobbyMode,
  type OrganizerSession,
  type RoomInfo,
} from '../lib/rooms';
import { useLocation } from '../lib/router';
import { ShieldIcon } from './Icons';

export function CreateRoomForm({
  onCreated,
  onOrganizerRequired,
  initiallyOpen = false,
  lobby,
}: {
  onCreated: (room: RoomInfo) => void;
  /** The server wants an organizer: the page should offer the sign-in. */
  onOrganizerRequired: () => void;
  initiallyOpen?: boolean;
  /** The server's lobby mode, when known. */
  lobby?: LobbyMode;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = React.useState(initiallyOpen);
  const [name, setName] = React.useState('');
  const [passcode, setPasscode] = React.useState('');
  const [waitingRoom, setWaitingRoom] = React.useState(false);
  const [listed, setListed] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const nameProblem = checkHostedRoomName(i18n, name.trim());
  const passcodeProblem = checkPasscode(i18n, passcode);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const chosen = name.trim();
    const problem = checkHostedRoomName(i18n, chosen) ?? checkPasscode(i18n, passcode);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const room = await createRoom({ name: chosen || undefined, passcode, waitingRoom, listed });
      onCreated(room);
    } catch (failure) {
      setError(creationError(i18n, failure, chosen));
      if (failure instanceof ApiError && failure.code === 'organizer_required') {
        onOrganizerRequired();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="lkm-create">
      <button
        type="button"
        className="lkm-disclosure"
        aria-label={t('create.disclosure')}
        aria-expanded={open}
        aria-controls="create-room-form"
        onClick={() => setOpen((value) => !value)}
      >
        <ShieldIcon width={18} height={18} />
        <span>{t('create.disclosure')}</span>
        <span className="lkm-disclosure-hint">{t('create.disclosureHint')}</span>
      </button>
      {open && (
        <form
          id="create-room-form"
          className="lkm-create-form"
          aria-label={t('create.formLabel')}
          onSubmit={submit}
          noValidate
        >
          <p className="lkm-muted lkm-small">{t('create.intro')}</p>
          <div className="lkm-field">
            <label htmlFor="create-name">{t('create.nameLabel')}</label>
            <input
              id="create-name"
              className="lk-form-control"
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder={t('create.namePlaceholder')}
              maxLength={128}
              value={name}
              aria-invalid={nameProblem ? true : undefined}
              aria-describedby={nameProblem ? 'create-name-problem' : undefined}
              onChange={(event) => setName(event.target.value)}
            />
            {nameProblem && (
              <span id="create-name-problem" className="lkm-field-error">
                {nameProblem}
              </span>
            )}
          </div>
          <div className="lkm-field">
            <label htmlFor="create-passcode">{t('create.passcodeLabel')}</label>
            <input
              id="create-passcode"
              className="lk-form-control"
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder={t('create.passcodePlaceholder')}
              value={passcode}
              aria-invalid={passcode && passcodeProblem ? true : undefined}
              aria-describedby="create-passcode-hint"
              onChange={(event) => setPasscode(event.target.value)}
            />
            <span id="create-passcode-hint" className="lkm-hint">
              {passcode && passcodeProblem
                ? passcodeProblem
                : t('create.passcodeHint', { count: PASSCODE_MIN_LENGTH })}
            </span>
          </div>
          <div className="lkm-checkbox">
            <input
              id="create-waiting-room"
              type="checkbox"
              checked={waitingRoom}
              aria-describedby="create-waiting-room-hint"
              onChange={(event) => setWaitingRoom(event.target.checked)}
            />
            <span className="lkm-checkbox-box" aria-hidden="true" />
            <span>
              <label className="lkm-checkbox-label" htmlFor="create-waiting-room">
                {t('create.waitingRoom')}
              </label>
              <span className="lkm-hint" id="create-waiting-room-hint">
                {t('create.waitingRoomHint')}
              </span>
            </span>
          </div>
          <div className="lkm-checkbox">
            <input
              id="create-listed"
              type="checkbox"
              checked={listed}
              aria-describedby="create-listed-hint"
              onChange={(event) => setListed(event.target.checked)}
            />
            <span className="lkm-checkbox-box" aria-hidden="true" />
            <span>
              <label className="lkm-checkbox-label" htmlFor="create-listed">
                {t('create.listed')}
              </label>
              <span className="lkm-hint" id="create-listed-hint">
                {lobby === 'off'
                  ? t('create.listedHintLobbyOff')
                  : lobby === 'all'
                    ? t('create.listedHintLobbyAll')
                    : t('create.listedHint')}
              </span>
            </span>
          </div>
          {error && (
            <p className="lkm-field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="lk-button lkm-primary lkm-wide" disabled={busy}>
            {busy ? t('create.creating') : t('create.submit')}
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * The organizer sign-in: with the server's provider first when it has one (a full page load that
 * comes back here), and with the organizer password as before.
 */
export function OrganizerSignIn({
  onSignedIn,
  signIn: options,
  user,
}: {
  onSignedIn: (session: OrganizerSession) => void;
  signIn?: SignInOptions;
  /** Signed in through the provider, as somebody the server does not count as an organizer. */
  user?: SignedInUser;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { pathname, search } = useLocation();
  const provider = !!options?.oidc;
  const [password, setPassword] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!password) return;
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn(password);
      setPassword('');
      onSignedIn(session);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'unauthorized') {
        setError(t('create.wrongPassword'));
      } else if (failure instanceof ApiError && failure.code === 'too_many_requests') {
        setError(t('create.tooManyAttempts', { retry: retryText(i18n, failure.retryAfter) }));
      } else {
        setError(t('create.signInFailed', { reason: errorText(i18n, failure) }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="lkm-organizer"
      aria-labelledby="organizer-title"
      aria-describedby="organizer-text"
      onSubmit={submit}
      noValidate
    >
      <h2 id="organizer-title" className="lkm-organizer-title">
        <ShieldIcon width={18} height={18} /> {t('create.signInTitle')}
      </h2>
      <p id="organizer-text" className="lkm-muted lkm-small">
        {t('create.signInText')}
      </p>
      {provider && !user && (
        <a className="lk-button lkm-primary lkm-wide" href={signInUrl(signInNext(pathname, search))}>
          {t('create.signInWithAccount')}
        </a>
      )}
      {user && <p className="lkm-small">{t('create.notOrganizer', { name: userLabel(user) })}</p>}
      {(provider || user) && <p className="lkm-muted lkm-small">{t('create.orPassword')}</p>}
      <div className="lkm-join-form">
        <label htmlFor="organizer-password" className="lkm-visually-hidden">
          {t('create.password')}
        </label>
        <input
          id="organizer-password"
          className="lk-form-control"
          type="password"
          autoComplete="current-password"
          placeholder={t('create.password')}
          value={password}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'organizer-error' : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="lk-button lkm-secondary" disabled={!password || busy}>
          {busy ? t('create.signingIn') : t('create.signIn')}
        </button>
      </div>
      {error && (
        <p id="organizer-error" className="lkm-field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function OrganizerStatus({
  onSignedOut,
  passwordSignOut = true,
}: {
  onSignedOut: (session: OrganizerSession) => void;
  /** Offer to end the password's session (not for a person signed in through the provider). */
  passwordSignOut?: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [error, setError] = React.useState<string>();
  return (
    <div className="lkm-organizer-status">
      <span className="lkm-badge lkm-badge-host">
        <ShieldIcon width={14} height={14} /> {t('create.organizer')}
      </span>
      <span className="lkm-muted lkm-small">{t('create.organizerText')}</span>
      {passwordSignOut && (
        <button
          type="button"
          className="lk-button lkm-ghost lkm-compact"
          onClick={() => {
            setError(undefined);
            signOut().then(onSignedOut, (failure: unknown) =>
              setError(t('create.signOutFailed', { reason: errorText(i18n, failure) })),
            );
          }}
        >
          {t('create.signOut')}
        </button>
      )}
      {error && (
        <p className="lkm-field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
