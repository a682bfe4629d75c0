import type { ReactNode } from 'react';
import { AlertIcon, InfoIcon } from './Icons';

/** An in-page message. `error` is announced as an alert, `info` politely. */
export function Notice({
  kind = 'error',
  title,
  children,
  actions,
  className,
}: {
  kind?: 'error' | 'info' | 'warning';
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={`lkm-notice lkm-notice-${kind} ${className ?? ''}`}
      role={kind === 'info' ? 'status' : 'alert'}
    >
      <span className="lkm-notice-icon">{kind === 'info' ? <InfoIcon /> : <AlertIcon />}</span>
      <div className="lkm-notice-body">
        {title && <p className="lkm-notice-title">{title}</p>}
        {children && <div className="lkm-notice-text">{children}</div>}
        {actions && <div className="lkm-notice-actions">{actions}</div>}
      </div>
    </div>
  );
}
