import { Link } from 'react-router';
import { PageShell } from '../components/PageShell';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/** Placeholder: the waiting room arrives in a later version. */
export function LobbyPage() {
  useDocumentTitle('Lobby · LiveKit Meet');
  return (
    <PageShell>
      <section className="lkm-card lkm-simple-card">
        <h1>Lobby</h1>
        <p className="lkm-muted">The waiting room is not open yet.</p>
        <Link to="/" className="lk-button lkm-secondary">
          Back to home
        </Link>
      </section>
    </PageShell>
  );
}
