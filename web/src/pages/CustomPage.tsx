import * as React from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { usePersistentUserChoices } from '@livekit/components-react';
import { isE2EESupported } from 'livekit-client';
import { Conference } from '../components/Conference';
import { MeetingEnded } from '../components/MeetingEnded';
import type { Ending } from '../lib/endings';
import { E2EEUnsupported } from '../components/E2EEUnsupported';
import { Notice } from '../components/Notice';
import { PageShell } from '../components/PageShell';
import { passphraseFromLocation } from '../lib/passphrase';
import { VIDEO_CODECS, isVideoCodec } from '../lib/roomOptions';
import { loadNoiseSuppression } from '../lib/noiseSuppression';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function problem(liveKitUrl: string | null, token: string | null, codec: string | null) {
  if (!liveKitUrl) return 'The link has no LiveKit server URL (liveKitUrl).';
  try {
    const url = new URL(liveKitUrl);
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) {
      return 'The LiveKit server URL must start with wss://, ws://, https:// or http://.';
    }
  } catch {
    return 'The LiveKit server URL is not a valid URL.';
  }
  if (!token) return 'The link has no access token (token).';
  if (codec !== null && !isVideoCodec(codec)) {
    return `The codec must be one of ${VIDEO_CODECS.join(', ')}.`;
  }
  return undefined;
}

/** /custom?liveKitUrl=…&token=…: joins any LiveKit server directly with a given token. */
export function CustomPage() {
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
  useDocumentTitle('Meeting · LiveKit Meet');

  const issue = problem(liveKitUrl, token, codec);
  if (issue || !liveKitUrl || !token) {
    return (
      <PageShell>
        <Notice
          title="This link cannot be opened"
          actions={
            <Link to="/?tab=custom" className="lk-button lkm-secondary">
              Enter server and token
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
