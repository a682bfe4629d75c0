import { Link } from 'react-router';
import { Logo } from './Logo';
import { Notice } from './Notice';

/** Shown instead of joining when the link asks for encryption the browser cannot do. */
export function E2EEUnsupported() {
  return (
    <div className="lkm-prejoin-page">
      <header className="lkm-topbar">
        <Logo />
      </header>
      <main className="lkm-prejoin-main">
        <Notice
          title="This browser cannot join an encrypted meeting"
          actions={
            <Link to="/" className="lk-button lkm-secondary">
              Back to home
            </Link>
          }
        >
          This meeting is end-to-end encrypted, and this browser does not support encrypting
          calls. Open the link in an up-to-date Chrome, Edge, Firefox or Safari.
        </Notice>
      </main>
    </div>
  );
}
