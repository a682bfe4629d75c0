// The page after a meeting, whatever ended it: it says what happened (lib/endings.ts) and offers
// what makes sense, "Rejoin" and "Back to home". The heading takes the focus, so that a screen
// reader says it first.
import * as React from 'react';
import { Link } from '../lib/router';
import { useI18n } from '../i18n/I18n';
import { endingPage, type Ending } from '../lib/endings';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { LanguagePicker } from './LanguagePicker';
import { Logo } from './Logo';

export function MeetingEnded({
  ending,
  roomName,
  onRejoin,
}: {
  ending: Ending;
  /** The meeting's name, when it has one here (not on /custom). */
  roomName?: string;
  onRejoin: () => void;
}) {
  const i18n = useI18n();
  const page = endingPage(i18n, ending);
  const heading = React.useRef<HTMLHeadingElement>(null);
  useDocumentTitle(page.title, ...(roomName ? [roomName] : []));
  React.useEffect(() => heading.current?.focus(), [ending]);
  return (
    <div className="lkm-prejoin-page">
      <header className="lkm-topbar">
        <Logo />
        <LanguagePicker />
      </header>
      <main className="lkm-prejoin-main">
        <section className="lkm-ended" aria-labelledby="lkm-ended-title" data-ending={ending.kind}>
          <h1 id="lkm-ended-title" ref={heading} tabIndex={-1}>
            {page.title}
          </h1>
          {roomName && <p className="lkm-ended-room">{roomName}</p>}
          <p className="lkm-ended-text">{page.text}</p>
          <div className="lkm-ended-actions">
            {page.rejoin && (
              <button type="button" className="lk-button lkm-primary" onClick={onRejoin}>
                {page.rejoin}
              </button>
            )}
            {ending.kind === 'lost' && (
              <Link to="/test" className="lk-button lkm-secondary">
                {i18n.t('test.link')}
              </Link>
            )}
            <Link to="/" className="lk-button lkm-secondary">
              {i18n.t('common.backToHome')}
            </Link>
          </div>
        </section>
      </main>
    </div>
  );
}
