import type { ReactNode } from 'react';
import { useT } from '../i18n/I18n';
import { config } from '../lib/config';
import type { OrganizerSession } from '../lib/rooms';
import { Account } from './Account';
import { LanguagePicker } from './LanguagePicker';
import { Logo } from './Logo';

/** The server's privacy, legal notice and support links, when it has them. */
function FooterLinks() {
  const t = useT();
  const { privacyUrl, legalUrl, supportUrl } = config.brand;
  const links = [
    { href: privacyUrl, label: t('shell.privacy'), id: 'privacy' },
    { href: legalUrl, label: t('shell.legal'), id: 'legal' },
    { href: supportUrl, label: t('shell.support'), id: 'support' },
  ].filter((link) => link.href);
  if (links.length === 0) return null;
  return (
    <nav className="lkm-footer-links" aria-label={t('shell.footerLinks')}>
      {links.map((link) => (
        <a key={link.id} href={link.href} rel="noopener noreferrer" data-testid={`footer-${link.id}`}>
          {link.label}
        </a>
      ))}
    </nav>
  );
}

/** Frame of the pages outside a meeting: brand bar, centred content, footer. */
export function PageShell({
  children,
  className,
  wide = false,
  session,
}: {
  children: ReactNode;
  className?: string;
  wide?: boolean;
  /** The server's session, when the page has it: the sign-in or the signed-in person (Account.tsx). */
  session?: OrganizerSession;
}) {
  const t = useT();
  return (
    <div className={`lkm-shell ${className ?? ''}`}>
      <header className="lkm-topbar">
        <Logo />
        <div className="lkm-topbar-end">
          <Account session={session} />
          <LanguagePicker />
        </div>
      </header>
      <main className={`lkm-shell-main ${wide ? 'lkm-shell-main-wide' : ''}`}>{children}</main>
      <footer className="lkm-footer">
        <p>{t('shell.footer')}</p>
        <FooterLinks />
      </footer>
    </div>
  );
}
