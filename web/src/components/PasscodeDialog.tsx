// Asks a guest for the meeting's passcode; says why a passcode was refused, and how long to wait
// after too many wrong ones.
import * as React from 'react';
import { KeyIcon } from './Icons';

const TITLE_ID = 'lkm-passcode-title';

export function PasscodeDialog({
  roomName,
  busy,
  error,
  retryAt,
  onSubmit,
  onCancel,
}: {
  roomName: string;
  busy: boolean;
  /** Why the last passcode was refused. */
  error?: string;
  /** Epoch milliseconds before which the server refuses new tries. */
  retryAt?: number;
  onSubmit: (passcode: string) => void;
  onCancel: () => void;
}) {
  const [passcode, setPasscode] = React.useState('');
  const [now, setNow] = React.useState(() => Date.now());
  const inputRef = React.useRef<HTMLInputElement>(null);
  const waitSeconds = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;

  React.useEffect(() => {
    if (!retryAt || retryAt <= Date.now()) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [retryAt]);

  React.useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    inputRef.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        onCancel();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      if (previous && document.contains(previous)) previous.focus?.();
    };
  }, [onCancel]);

  // After a refusal, the field is selected so the next try replaces it.
  React.useEffect(() => {
    if (error) inputRef.current?.select();
  }, [error]);

  const blocked = waitSeconds > 0;
  return (
    <div className="lkm-overlay">
      <form
        className="lkm-dialog lkm-passcode"
        role="dialog"
        aria-modal="true"
        aria-labelledby={TITLE_ID}
        aria-describedby="lkm-passcode-text"
        onSubmit={(event) => {
          event.preventDefault();
          if (passcode && !busy && !blocked) onSubmit(passcode);
        }}
        noValidate
      >
        <div className="lkm-passcode-head">
          <span className="lkm-passcode-icon" aria-hidden="true">
            <KeyIcon />
          </span>
          <h2 id={TITLE_ID}>This meeting needs a passcode</h2>
        </div>
        <p id="lkm-passcode-text" className="lkm-muted">
          Enter the passcode the host gave you to join <strong>{roomName}</strong>.
        </p>
        <div className="lkm-field">
          <label htmlFor="lkm-passcode-input">Passcode</label>
          <input
            ref={inputRef}
            id="lkm-passcode-input"
            className="lk-form-control"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={passcode}
            aria-invalid={error ? true : undefined}
            aria-describedby={error || blocked ? 'lkm-passcode-error' : undefined}
            onChange={(event) => setPasscode(event.target.value)}
          />
        </div>
        {(error || blocked) && (
          <p id="lkm-passcode-error" className="lkm-field-error" role="alert">
            {error}
            {blocked && ` Try again in ${waitSeconds} s.`}
          </p>
        )}
        <div className="lkm-dialog-actions">
          <button type="button" className="lk-button lkm-secondary" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="lk-button lkm-primary"
            disabled={!passcode || busy || blocked}
          >
            {busy ? 'Checking…' : 'Join'}
          </button>
        </div>
      </form>
    </div>
  );
}
