import { Link } from 'react-router';
import { PageShell } from '../components/PageShell';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function NotFoundPage() {
  useDocumentTitle('Page not found · LiveKit Meet');
  return (
    <PageShell>
      <section className="lkm-card lkm-simple-card">
        <h1>Page not found</h1>
        <p className="lkm-muted">There is nothing at this address.</p>
        <Link to="/" className="lk-button lkm-secondary">
          Back to home
        </Link>
      </section>
    </PageShell>
  );
}
