// Asks a guest for the meeting's passcode; says why a passcode was refused, and how long to wait
// after too many wrong ones.
import * as React from 'react';
import { useT } from '../i18n/I18n';
import type { PasscodeError } from '../lib/joinFlow';
import { KeyIcon } from './Icons';
import { withElements } from '../i18n/RichText';

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
  error?: PasscodeError;
  /** Epoch milliseconds before which the server refuses new tries. */
  retryAt?: number;
  onSubmit: (passcode: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
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
  // The wait is only ever told after too many tries.
  const problem = blocked
    ? t('passcode.tooManyWait', { count: waitSeconds })
    : error === 'wrong'
      ? t('passcode.wrong')
      : error === 'tooMany'
        ? t('passcode.tooMany')
        : undefined;
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
          <h2 id={TITLE_ID}>{t('passcode.title')}</h2>
        </div>
        <p id="lkm-passcode-text" className="lkm-muted">
          {withElements(t('passcode.text'), { room: <strong>{roomName}</strong> })}
        </p>
        <div className="lkm-field">
          <label htmlFor="lkm-passcode-input">{t('passcode.label')}</label>
          <input
            ref={inputRef}
            id="lkm-passcode-input"
            className="lk-form-control"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={passcode}
            aria-invalid={error ? true : undefined}
            aria-describedby={problem ? 'lkm-passcode-error' : undefined}
            onChange={(event) => setPasscode(event.target.value)}
          />
        </div>
        {problem && (
          <p id="lkm-passcode-error" className="lkm-field-error" role="alert">
            {problem}
          </p>
        )}
        <div className="lkm-dialog-actions">
          <button type="button" className="lk-button lkm-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="lk-button lkm-primary"
            disabled={!passcode || busy || blocked}
          >
            {busy ? t('passcode.checking') : t('passcode.join')}
          </button>
        </div>
      </form>
    </div>
  );
}
