// The top bar's account: "Sign in" through the server's OpenID Connect provider, or the person
// signed in with "Sign out". Signing in is a full page load (auth/login sends the browser to the
// provider); signing out asks the server (auth/logout), then goes where it says: the provider's
// sign-out page, or home.
import * as React from 'react';
import { errorText } from '../i18n/errors';
import { useI18n } from '../i18n/I18n';
import { signInNext, signInUrl, signOutAndLeave, userLabel } from '../lib/account';
import type { OrganizerSession } from '../lib/rooms';
import { useLocation } from '../lib/router';

/** Nothing until the server said it has a provider, or that someone is signed in through it. */
export function Account({ session }: { session?: OrganizerSession }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [leaving, setLeaving] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const { pathname, search } = useLocation();
  const user = session?.user;
  if (user) {
    const name = userLabel(user);
    return (
      <div className="lkm-account" role="group" aria-label={t('shell.account')}>
        <span className="lkm-account-who">
          <span className="lkm-account-name" title={name || undefined}>
            {name ? (
              <>
                <span className="lkm-visually-hidden">{t('shell.signedInAs', { name })}</span>
                <span aria-hidden="true">{name}</span>
              </>
            ) : (
              t('shell.signedIn')
            )}
          </span>
          {user.email && user.email !== name && (
            <span className="lkm-account-email lkm-hide-narrow" title={user.email}>
              {user.email}
            </span>
          )}
        </span>
        <button
          type="button"
          className="lk-button lkm-ghost lkm-compact"
          disabled={leaving}
          onClick={() => {
            setError(undefined);
            setLeaving(true);
            signOutAndLeave((url) => window.location.assign(url)).catch((failure: unknown) => {
              setLeaving(false);
              setError(t('create.signOutFailed', { reason: errorText(i18n, failure) }));
            });
          }}
        >
          {t('shell.signOut')}
        </button>
        {error && (
          <span className="lkm-account-error" role="alert">
            {error}
          </span>
        )}
      </div>
    );
  }
  if (!session?.signIn?.oidc) return null;
  return (
    <a className="lk-button lkm-secondary lkm-compact" href={signInUrl(signInNext(pathname, search))}>
      {t('shell.signIn')}
    </a>
  );
}
