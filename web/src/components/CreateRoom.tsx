// The home page's room creation: a room with a host (optional name, passcode, waiting room, shown
// in the lobby), and the organizer sign-in for servers where only organizers may create rooms.
import * as React from 'react';
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
import { ShieldIcon } from './Icons';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
  const [open, setOpen] = React.useState(initiallyOpen);
  const [name, setName] = React.useState('');
  const [passcode, setPasscode] = React.useState('');
  const [waitingRoom, setWaitingRoom] = React.useState(false);
  const [listed, setListed] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const nameProblem = checkHostedRoomName(name.trim());
  const passcodeProblem = checkPasscode(passcode);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const chosen = name.trim();
    const problem = checkHostedRoomName(chosen) ?? checkPasscode(passcode);
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
      setError(creationError(failure, chosen));
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
        aria-label="Create a room with a host"
        aria-expanded={open}
        aria-controls="create-room-form"
        onClick={() => setOpen((value) => !value)}
      >
        <ShieldIcon width={18} height={18} />
        <span>Create a room with a host</span>
        <span className="lkm-disclosure-hint">passcode, waiting room, lobby</span>
      </button>
      {open && (
        <form
          id="create-room-form"
          className="lkm-create-form"
          aria-label="Create a room"
          onSubmit={submit}
          noValidate
        >
          <p className="lkm-muted lkm-small">
            You become the room’s host in this browser: you can admit guests, mute or remove
            people, lock the room and end the meeting for everyone.
          </p>
          <div className="lkm-field">
            <label htmlFor="create-name">Room name (optional)</label>
            <input
              id="create-name"
              className="lk-form-control"
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder="A random name if empty"
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
            <label htmlFor="create-passcode">Passcode (optional)</label>
            <input
              id="create-passcode"
              className="lk-form-control"
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder="Guests must enter it to join"
              value={passcode}
              aria-invalid={passcode && passcodeProblem ? true : undefined}
              aria-describedby="create-passcode-hint"
              onChange={(event) => setPasscode(event.target.value)}
            />
            <span id="create-passcode-hint" className="lkm-hint">
              {passcode && passcodeProblem
                ? passcodeProblem
                : `At least ${PASSCODE_MIN_LENGTH} characters.`}
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
                Waiting room
              </label>
              <span className="lkm-hint" id="create-waiting-room-hint">
                Guests wait until you let them in.
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
                Show in the lobby
              </label>
              <span className="lkm-hint" id="create-listed-hint">
                {lobby === 'off'
                  ? 'The lobby is off on this server: nobody sees the room there for now.'
                  : lobby === 'all'
                    ? 'This server’s lobby shows every room, whatever this setting.'
                    : 'Anyone who opens the lobby sees the room and its meetings, and can join from there (the passcode and waiting room still apply).'}
              </span>
            </span>
          </div>
          {error && (
            <p className="lkm-field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="lk-button lkm-primary lkm-wide" disabled={busy}>
            {busy ? 'Creating…' : 'Create room'}
          </button>
        </form>
      )}
    </div>
  );
}

export function OrganizerSignIn({ onSignedIn }: { onSignedIn: (session: OrganizerSession) => void }) {
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
        setError('Wrong password.');
      } else if (failure instanceof ApiError && failure.code === 'too_many_requests') {
        setError(`Too many attempts. ${retryText(failure.retryAfter)}`);
      } else {
        setError(`Could not sign in: ${errorText(failure)}`);
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
        <ShieldIcon width={18} height={18} /> Organizer sign-in
      </h2>
      <p id="organizer-text" className="lkm-muted lkm-small">
        On this server only organizers start meetings. Guests join with the meeting’s link or name.
      </p>
      <div className="lkm-join-form">
        <label htmlFor="organizer-password" className="lkm-visually-hidden">
          Organizer password
        </label>
        <input
          id="organizer-password"
          className="lk-form-control"
          type="password"
          autoComplete="current-password"
          placeholder="Organizer password"
          value={password}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'organizer-error' : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="lk-button lkm-secondary" disabled={!password || busy}>
          {busy ? 'Signing in…' : 'Sign in'}
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

export function OrganizerStatus({ onSignedOut }: { onSignedOut: (session: OrganizerSession) => void }) {
  const [error, setError] = React.useState<string>();
  return (
    <div className="lkm-organizer-status">
      <span className="lkm-badge lkm-badge-host">
        <ShieldIcon width={14} height={14} /> Organizer
      </span>
      <span className="lkm-muted lkm-small">You can start meetings on this server.</span>
      <button
        type="button"
        className="lk-button lkm-ghost lkm-compact"
        onClick={() => {
          setError(undefined);
          signOut().then(onSignedOut, (failure: unknown) =>
            setError(`Could not sign out: ${errorText(failure)}`),
          );
        }}
      >
        Sign out
      </button>
      {error && (
        <p className="lkm-field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
