import * as React from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from '../lib/router';
import { usePersistentUserChoices } from '@livekit/components-react';
import { isE2EESupported } from 'livekit-client';
import { Conference } from '../components/Conference';
import { MeetingEnded } from '../components/MeetingEnded';
import type { Ending } from '../lib/endings';
import { E2EEUnsupported } from '../components/E2EEUnsupported';
import { Notice } from '../components/Notice';
import { PageShell } from '../components/PageShell';
import { useT } from '../i18n/I18n';
import type { Translate } from '../i18n/i18n';
import { passphraseFromLocation } from '../lib/passphrase';
import { VIDEO_CODECS, isVideoCodec } from '../lib/roomOptions';
import { loadNoiseSuppression } from '../lib/noiseSuppression';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function problem(t: Translate, liveKitUrl: string | null, token: string | null, codec: string | null) {
  if (!liveKitUrl) return t('custom.noServerUrl');
  try {
    const url = new URL(liveKitUrl);
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) {
      return t('custom.serverUrlScheme');
    }
  } catch {
    return t('custom.serverUrlInvalid');
  }
  if (!token) return t('custom.noToken');
  if (codec !== null && !isVideoCodec(codec)) {
    return t('custom.codecInvalid', { codecs: VIDEO_CODECS.join(', ') });
  }
  return undefined;
}

/** /custom?liveKitUrl=…&token=…: joins any LiveKit server directly with a given token. */
export function CustomPage() {
  const t = useT();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const liveKitUrl = searchParams.get('liveKitUrl');
  const token = searchParams.get('token');
  const codec = searchParams.get('codec');
  const passphrase = React.useMemo(() => passphraseFromLocation(location.hash), [location.hash]);
  const { userChoices } = usePersistentUserChoices({ preventSave: true });
  const home = React.useCallback(() => navigate('/'), [navigate]);
  const [ending, setEnding] = React.useState<Ending>();
  // Each join is a new Conference (a new LiveKit Room).
  const [attempt, setAttempt] = React.useState(0);
  useDocumentTitle(t('custom.documentTitle'));

  const issue = problem(t, liveKitUrl, token, codec);
  if (issue || !liveKitUrl || !token) {
    return (
      <PageShell>
        <Notice
          title={t('custom.cannotOpen')}
          actions={
            <Link to="/?tab=custom" className="lk-button lkm-secondary">
              {t('custom.enterServerAndToken')}
            </Link>
          }
        >
          {issue}
        </Notice>
      </PageShell>
    );
  }
  if (passphrase && !isE2EESupported()) return <E2EEUnsupported />;
  if (ending) {
    return (
      <MeetingEnded
        ending={ending}
        onRejoin={() => {
          setEnding(undefined);
          setAttempt((n) => n + 1);
        }}
      />
    );
  }

  return (
    <Conference
      key={`${liveKitUrl} ${token} ${attempt}`}
      serverUrl={liveKitUrl}
      token={token}
      options={{
        codec: codec !== null && isVideoCodec(codec) ? codec : undefined,
        hq: false,
        singlePeerConnection: searchParams.get('singlePC') === 'true',
      }}
      e2eePassphrase={passphrase}
      start={{
        video: userChoices.videoEnabled,
        audio: userChoices.audioEnabled,
        videoDeviceId: userChoices.videoDeviceId,
        audioDeviceId: userChoices.audioDeviceId,
        noiseSuppression: loadNoiseSuppression(),
      }}
      onEnd={setEnding}
      onHome={home}
    />
  );
}
