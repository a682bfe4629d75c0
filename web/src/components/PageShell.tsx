import type { ReactNode } from 'react';
import { Logo } from './Logo';

/** Frame of the pages outside a meeting: brand bar, centred content, footer. */
export function PageShell({
  children,
  className,
  wide = false,
}: {
  children: ReactNode;
  className?: string;
  wide?: boolean;
}) {
  return (
    <div className={`lkm-shell ${className ?? ''}`}>
      <header className="lkm-topbar">
        <Logo />
      </header>
      <main className={`lkm-shell-main ${wide ? 'lkm-shell-main-wide' : ''}`}>{children}</main>
      <footer className="lkm-footer">
        Self-hosted video meetings, built on LiveKit’s open source WebRTC stack.
      </footer>
    </div>
  );
}
