// "My rooms" on the home page, for a person signed in through the server's provider: the rooms
// they created, most recently used first, each to reopen as its host from this browser or to
// delete (which ends a live meeting too). Requests are in lib/myRooms.ts.
import * as React from 'react';
import { useI18n } from '../i18n/I18n';
import { withElements } from '../i18n/RichText';
import { signInNext, signInUrl } from '../lib/account';
import { formatDateTime, isoTime } from '../lib/format';
import { roomPath } from '../lib/links';
import {
  actionErrorText,
  deleteMyRoom,
  fetchMyRooms,
  isGone,
  isSignedOut,
  listErrorText,
  reopenMyRoom,
  withoutRoom,
  type MyRoom,
} from '../lib/myRooms';
import { useLocation, useNavigate } from '../lib/router';
import { Notice } from './Notice';

const TITLE_ID = 'my-rooms-title';

type Busy = { room: string; action: 'open' | 'delete' };
type Message = { kind: 'info' | 'error'; text: string };

const isAbort = (error: unknown) => (error as Error | undefined)?.name === 'AbortError';

function RoomTime({ room }: { room: MyRoom }) {
  const { language, t } = useI18n();
  const used = room.lastUsedAt > 0;
  const seconds = used ? room.lastUsedAt : room.createdAt;
  if (seconds <= 0) return null;
  return (
    <p className="lkm-my-room-meta">
      {withElements(t(used ? 'myRooms.lastUsed' : 'myRooms.created'), {
        time: <time dateTime={isoTime(seconds)}>{formatDateTime(language, seconds)}</time>,
      })}
    </p>
  );
}

function RoomRow({
  room,
  busy,
  confirming,
  onConfirm,
  onCancel,
  onOpen,
  onDelete,
}: {
  room: MyRoom;
  /** A request of the list is under way (this room's or another's). */
  busy?: Busy;
  confirming: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  onOpen: () => void;
  onDelete: () => void;
}) {
  const { t } = useI18n();
  const row = React.useRef<HTMLLIElement>(null);
  const deleteButton = React.useRef<HTMLButtonElement>(null);
  const cancelButton = React.useRef<HTMLButtonElement>(null);
  const wasConfirming = React.useRef(false);
  // Focus follows the confirmation: on its safe choice when it opens, back on "Delete" when it
  // closes with the focus in it (not when the person went on to another room's "Delete").
  React.useEffect(() => {
    if (confirming) {
      cancelButton.current?.focus();
    } else if (wasConfirming.current) {
      const focused = document.activeElement;
      if (!focused || focused === document.body || row.current?.contains(focused)) deleteButton.current?.focus();
    }
    wasConfirming.current = confirming;
  }, [confirming]);
  const mine = busy?.room === room.name;
  const confirmId = `my-room-confirm-${encodeURIComponent(room.name)}`;
  return (
    <li ref={row} className="lkm-my-room" aria-label={room.name}>
      <div className="lkm-my-room-main">
        <p className="lkm-my-room-name">
          <span className="lkm-mono">{room.name}</span>
          {room.passcode && <span className="lkm-badge lkm-badge-plain">{t('myRooms.passcode')}</span>}
          {room.waitingRoom && <span className="lkm-badge lkm-badge-plain">{t('myRooms.waitingRoom')}</span>}
          {room.locked && <span className="lkm-badge lkm-badge-locked">{t('myRooms.locked')}</span>}
        </p>
        <RoomTime room={room} />
      </div>
      {!confirming && (
        <div className="lkm-my-room-actions">
          <button
            type="button"
            className="lk-button lkm-secondary lkm-compact"
            aria-label={t('myRooms.openLabel', { room: room.name })}
            disabled={!!busy}
            onClick={onOpen}
          >
            {mine && busy.action === 'open' ? t('myRooms.opening') : t('myRooms.open')}
          </button>
          <button
            ref={deleteButton}
            type="button"
            className="lk-button lkm-danger-ghost lkm-compact"
            aria-label={t('myRooms.deleteLabel', { room: room.name })}
            disabled={!!busy}
            onClick={onConfirm}
          >
            {t('myRooms.delete')}
          </button>
        </div>
      )}
      {confirming && (
        <div className="lkm-my-room-confirm" role="group" aria-labelledby={confirmId}>
          <p id={confirmId}>{t('myRooms.confirmDelete', { room: room.name })}</p>
          <div className="lkm-my-room-actions">
            <button
              type="button"
              className="lk-button lkm-danger lkm-compact"
              aria-label={t('myRooms.confirmDeleteLabel', { room: room.name })}
              disabled={!!busy}
              onClick={onDelete}
            >
              {mine && busy.action === 'delete' ? t('myRooms.deleting') : t('myRooms.confirmDeleteButton')}
            </button>
            <button
              ref={cancelButton}
              type="button"
              className="lk-button lkm-secondary lkm-compact"
              disabled={mine}
              onClick={onCancel}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/** The signed-in person's rooms (render it only when somebody is signed in through the provider). */
export function MyRooms() {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const [rooms, setRooms] = React.useState<MyRoom[]>();
  const [loadError, setLoadError] = React.useState<unknown>();
  const [busy, setBusy] = React.useState<Busy>();
  const [confirming, setConfirming] = React.useState<string>();
  const [message, setMessage] = React.useState<Message>();
  const heading = React.useRef<HTMLHeadingElement>(null);
  // Every request of the section ends with it (the page left, or the person signed out).
  const lifetime = React.useRef<AbortController>(undefined);

  const load = React.useCallback(() => {
    const signal = lifetime.current?.signal;
    fetchMyRooms(signal).then(
      (next) => {
        setRooms(next);
        setLoadError(undefined);
      },
      (error: unknown) => {
        if (!isAbort(error)) setLoadError(error ?? new Error());
      },
    );
  }, []);

  React.useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    load();
    return () => controller.abort();
  }, [load]);

  const open = (room: string) => {
    setBusy({ room, action: 'open' });
    setMessage(undefined);
    reopenMyRoom(room, lifetime.current?.signal).then(
      // This browser now holds the room's host credential: the room page joins as its host.
      (info) => navigate(roomPath(info.name || room)),
      (error: unknown) => {
        if (isAbort(error)) return;
        setBusy(undefined);
        setMessage({ kind: 'error', text: actionErrorText(i18n, 'open', room, error) });
        if (isGone(error)) {
          setRooms((current) => current && withoutRoom(current, room));
          heading.current?.focus();
          load();
        }
      },
    );
  };

  const remove = (room: string) => {
    setBusy({ room, action: 'delete' });
    setMessage(undefined);
    deleteMyRoom(room, lifetime.current?.signal).then(
      () => {
        setBusy(undefined);
        setConfirming(undefined);
        setRooms((current) => current && withoutRoom(current, room));
        setMessage({ kind: 'info', text: t('myRooms.deleted', { room }) });
        // Its row, with the focused button, is gone.
        heading.current?.focus();
        load();
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        setBusy(undefined);
        setConfirming(undefined);
        setMessage({ kind: 'error', text: actionErrorText(i18n, 'delete', room, error) });
        if (isGone(error)) {
          setRooms((current) => current && withoutRoom(current, room));
          heading.current?.focus();
          load();
        }
      },
    );
  };

  const retry = () => {
    setLoadError(undefined);
    load();
  };

  const signedOut = loadError !== undefined && isSignedOut(loadError);

  return (
    <section className="lkm-card lkm-my-rooms" aria-labelledby={TITLE_ID}>
      <h2 id={TITLE_ID} ref={heading} tabIndex={-1}>
        {t('myRooms.title')}
      </h2>
      <p className="lkm-muted lkm-small">{t('myRooms.intro')}</p>
      {signedOut && (
        <Notice
          kind="warning"
          actions={
            <a className="lk-button lkm-secondary lkm-compact" href={signInUrl(signInNext(pathname, search))}>
              {t('shell.signIn')}
            </a>
          }
        >
          {t('myRooms.signedOut')}
        </Notice>
      )}
      {loadError !== undefined && !signedOut && (
        <Notice
          kind={rooms ? 'warning' : 'error'}
          actions={
            <button type="button" className="lk-button lkm-ghost lkm-compact" onClick={retry}>
              {t('common.tryAgain')}
            </button>
          }
        >
          {listErrorText(i18n, loadError)}
        </Notice>
      )}
      {message && (
        <p
          className={message.kind === 'error' ? 'lkm-field-error' : 'lkm-muted lkm-small'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      {!rooms && loadError === undefined && (
        <p className="lkm-muted lkm-small" role="status">
          {t('myRooms.loading')}
        </p>
      )}
      {rooms && rooms.length === 0 && !signedOut && <p className="lkm-muted lkm-small">{t('myRooms.empty')}</p>}
      {rooms && rooms.length > 0 && !signedOut && (
        // role="list": a list without bullets keeps its role in every browser.
        <ul className="lkm-my-rooms-list" role="list" aria-labelledby={TITLE_ID}>
          {rooms.map((room) => (
            <RoomRow
              key={room.name}
              room={room}
              busy={busy}
              confirming={confirming === room.name}
              onConfirm={() => {
                setMessage(undefined);
                setConfirming(room.name);
              }}
              onCancel={() => setConfirming(undefined)}
              onOpen={() => open(room.name)}
              onDelete={() => remove(room.name)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
