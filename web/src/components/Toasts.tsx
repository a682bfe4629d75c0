// Transient messages (device problems, encryption errors, recording started), shown in the page.
import * as React from 'react';
import { useT } from '../i18n/I18n';
import { AlertIcon, CloseIcon, InfoIcon } from './Icons';

export interface ToastInput {
  kind?: 'error' | 'info';
  message: string;
  /** Milliseconds; 0 keeps it until dismissed. */
  duration?: number;
}

interface ToastItem extends Required<ToastInput> {
  id: number;
}

const ToastContext = React.createContext<(toast: ToastInput) => void>(() => undefined);

export function useToast() {
  return React.useContext(ToastContext);
}

export function ToastProvider({ children }: { children: React.ReactNode }) {
  const t = useT();
  const [toasts, setToasts] = React.useState<ToastItem[]>([]);
  const nextId = React.useRef(1);

  const dismiss = React.useCallback((id: number) => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
  }, []);

  const push = React.useCallback(
    (input: ToastInput) => {
      const toast: ToastItem = {
        id: nextId.current++,
        kind: input.kind ?? 'info',
        message: input.message,
        duration: input.duration ?? (input.kind === 'error' ? 9000 : 5000),
      };
      setToasts((list) => {
        // The same message twice in a row is shown once.
        const rest = list.filter((shown) => shown.message !== toast.message).slice(-3);
        return [...rest, toast];
      });
      if (toast.duration > 0) window.setTimeout(() => dismiss(toast.id), toast.duration);
    },
    [dismiss],
  );

  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="lkm-toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`lkm-toast lkm-toast-${toast.kind}`}
            role={toast.kind === 'error' ? 'alert' : 'status'}
          >
            {toast.kind === 'error' ? <AlertIcon /> : <InfoIcon />}
            <span className="lkm-toast-message">{toast.message}</span>
            <button
              type="button"
              className="lkm-icon-button"
              aria-label={t('toasts.dismiss')}
              onClick={() => dismiss(toast.id)}
            >
              <CloseIcon width={16} height={16} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
