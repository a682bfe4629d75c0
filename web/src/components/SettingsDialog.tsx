// Settings during a meeting: camera (with background effects), microphone (with noise
// suppression), speaker, and the keyboard shortcuts.
import * as React from 'react';
import {
  TrackToggle,
  VideoTrack,
  useLayoutContext,
  useLocalParticipant,
  useMediaDeviceSelect,
  usePersistentUserChoices,
  useRoomContext,
  useTrackVolume,
  useConnectionState,
  type TrackReference,
} from '@livekit/components-react';
import { ConnectionState, Track, type LocalAudioTrack } from 'livekit-client';
import { backgroundEffectsSupported } from '../lib/backgroundEffects';
import { BackgroundPicker } from './BackgroundPicker';
import type { BackgroundEffectState } from '../lib/useBackgroundEffect';
import {
  noiseSuppressionSupported,
  saveNoiseSuppression,
  setTrackNoiseSuppression,
  trackNoiseSuppression,
} from '../lib/noiseSuppression';
import { CloseIcon, KeyboardIcon } from './Icons';

const TITLE_ID = 'lkm-settings-title';

export function SettingsDialog({ background }: { background: BackgroundEffectState }) {
  const layout = useLayoutContext();
  const dialogRef = React.useRef<HTMLDivElement>(null);
  const close = React.useCallback(() => {
    layout.widget.dispatch?.({ msg: 'toggle_settings' });
  }, [layout.widget]);

  React.useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialogRef.current?.querySelector<HTMLElement>('button, select, input')?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        close();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      previous?.focus?.();
    };
  }, [close]);

  return (
    <div
      className="lkm-overlay lkm-settings-overlay"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) close();
      }}
    >
      <div
        ref={dialogRef}
        className="lkm-dialog lkm-settings"
        role="dialog"
        aria-modal="true"
        aria-labelledby={TITLE_ID}
      >
        <div className="lkm-settings-header">
          <h2 id={TITLE_ID}>Settings</h2>
          <button
            type="button"
            className="lkm-icon-button"
            aria-label="Close settings"
            onClick={close}
          >
            <CloseIcon />
          </button>
        </div>
        <div className="lkm-settings-body">
          <CameraSection background={background} />
          <MicrophoneSection />
          <SpeakerSection />
          <ShortcutsSection />
        </div>
        <div className="lkm-settings-footer">
          <button type="button" className="lk-button lkm-primary" onClick={close}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}

function DeviceSelect({
  kind,
  id,
  label,
  onSelected,
}: {
  kind: MediaDeviceKind;
  id: string;
  label: string;
  onSelected?: (deviceId: string) => void;
}) {
  const room = useRoomContext();
  const [error, setError] = React.useState<string>();
  const { devices, activeDeviceId, setActiveMediaDevice } = useMediaDeviceSelect({
    kind,
    room,
    requestPermissions: false,
  });
  const options = devices.filter((device) => device.deviceId !== '');
  return (
    <div className="lkm-field">
      <label htmlFor={id}>{label}</label>
      {options.length === 0 ? (
        <p className="lkm-muted lkm-small">No devices found.</p>
      ) : (
        <select
          id={id}
          className="lk-form-control lkm-select"
          value={options.some((d) => d.deviceId === activeDeviceId) ? activeDeviceId : ''}
          onChange={(event) => {
            const deviceId = event.target.value;
            setError(undefined);
            setActiveMediaDevice(deviceId).then(
              () => onSelected?.(deviceId),
              (reason: unknown) =>
                setError(reason instanceof Error ? reason.message : 'The device could not be used.'),
            );
          }}
        >
          {!options.some((d) => d.deviceId === activeDeviceId) && (
            <option value="">System default</option>
          )}
          {options.map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || `${label} ${index + 1}`}
            </option>
          ))}
        </select>
      )}
      {error && (
        <p className="lkm-field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function CameraSection({ background }: { background: BackgroundEffectState }) {
  const { cameraTrack, localParticipant } = useLocalParticipant();
  const connecting = useConnectionState() !== ConnectionState.Connected;
  const { saveVideoInputDeviceId } = usePersistentUserChoices({});
  const trackRef: TrackReference | undefined = React.useMemo(
    () =>
      cameraTrack
        ? { participant: localParticipant, publication: cameraTrack, source: Track.Source.Camera }
        : undefined,
    [cameraTrack, localParticipant],
  );
  const supported = React.useMemo(() => backgroundEffectsSupported(), []);
  const { effect, setEffect, applying, error, cameraOn } = background;

  return (
    <section className="lkm-settings-section" aria-labelledby="lkm-settings-camera">
      <h3 id="lkm-settings-camera">Camera</h3>
      <div className="lkm-camera-preview">
        {trackRef && cameraOn ? (
          <VideoTrack trackRef={trackRef} className="lkm-mirror" />
        ) : (
          <div className="lkm-camera-off">
            {connecting ? 'Your camera shows here once you are connected.' : 'Camera is off'}
          </div>
        )}
      </div>
      {!connecting && (
        <div className="lkm-row">
          <TrackToggle
            source={Track.Source.Camera}
            className="lk-button lkm-compact"
            aria-label="Camera"
          >
            {cameraOn ? 'Turn camera off' : 'Turn camera on'}
          </TrackToggle>
        </div>
      )}
      <DeviceSelect
        kind="videoinput"
        id="lkm-camera-select"
        label="Camera"
        onSelected={saveVideoInputDeviceId}
      />
      <fieldset className="lkm-effects" disabled={!supported}>
        <legend>Background</legend>
        <BackgroundPicker effect={effect} onSelect={setEffect} />
        <p className="lkm-muted lkm-small" role="status">
          {!supported
            ? 'This browser cannot apply background effects.'
            : !cameraOn
              ? connecting
                ? 'Your choice applies once you are connected.'
                : 'Turn your camera on to use background effects.'
              : applying
                ? 'Applying…'
                : ''}
        </p>
        {error && (
          <p className="lkm-field-error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    </section>
  );
}

function MicrophoneSection() {
  const { microphoneTrack, localParticipant, isMicrophoneEnabled } = useLocalParticipant();
  const connecting = useConnectionState() !== ConnectionState.Connected;
  const { saveAudioInputDeviceId } = usePersistentUserChoices({});
  const track = microphoneTrack?.track as LocalAudioTrack | undefined;
  const supported = React.useMemo(() => noiseSuppressionSupported(), []);
  const [noiseSuppression, setNoiseSuppression] = React.useState<boolean | undefined>(() =>
    trackNoiseSuppression(track),
  );
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();
  // Another microphone track: show what it does.
  const [shownFor, setShownFor] = React.useState(track);
  if (shownFor !== track) {
    setShownFor(track);
    setNoiseSuppression(trackNoiseSuppression(track));
  }

  const trackRef: TrackReference | undefined = React.useMemo(
    () =>
      microphoneTrack
        ? { participant: localParticipant, publication: microphoneTrack, source: Track.Source.Microphone }
        : undefined,
    [microphoneTrack, localParticipant],
  );

  const toggleNoise = (enabled: boolean) => {
    saveNoiseSuppression(enabled);
    setNoiseSuppression(enabled);
    if (!track) return;
    setBusy(true);
    setError(undefined);
    setTrackNoiseSuppression(track, enabled)
      .then(
        () => setNoiseSuppression(trackNoiseSuppression(track) ?? enabled),
        (reason: unknown) =>
          setError(reason instanceof Error ? reason.message : 'The microphone could not restart.'),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="lkm-settings-section" aria-labelledby="lkm-settings-mic">
      <h3 id="lkm-settings-mic">Microphone</h3>
      {!connecting && (
        <div className="lkm-row">
          <TrackToggle
            source={Track.Source.Microphone}
            className="lk-button lkm-compact"
            aria-label="Microphone"
          >
            {isMicrophoneEnabled ? 'Mute' : 'Unmute'}
          </TrackToggle>
          {trackRef && isMicrophoneEnabled && <LevelMeter trackRef={trackRef} />}
        </div>
      )}
      <DeviceSelect
        kind="audioinput"
        id="lkm-mic-select"
        label="Microphone"
        onSelected={saveAudioInputDeviceId}
      />
      {supported ? (
        <div className="lkm-switch">
          <input
            id="lkm-noise"
            type="checkbox"
            role="switch"
            checked={noiseSuppression ?? true}
            disabled={busy}
            aria-describedby="lkm-noise-hint"
            onChange={(event) => toggleNoise(event.target.checked)}
          />
          <span className="lkm-switch-track" aria-hidden="true" />
          <span>
            <label className="lkm-switch-label" htmlFor="lkm-noise">
              Noise suppression
            </label>
            <span className="lkm-hint" id="lkm-noise-hint">
              Filters steady background noise from your microphone.
            </span>
          </span>
        </div>
      ) : (
        <p className="lkm-muted lkm-small">This browser has no noise suppression to turn on.</p>
      )}
      {error && (
        <p className="lkm-field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function LevelMeter({ trackRef }: { trackRef: TrackReference }) {
  const volume = useTrackVolume(trackRef);
  const level = Math.min(1, Math.sqrt(volume) * 1.6);
  return (
    <div className="lkm-level" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
      <div className="lkm-level-fill" style={{ transform: `scaleX(${level})` }} />
    </div>
  );
}

function SpeakerSection() {
  const supported =
    typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  return (
    <section className="lkm-settings-section" aria-labelledby="lkm-settings-speaker">
      <h3 id="lkm-settings-speaker">Speaker</h3>
      {supported ? (
        <DeviceSelect kind="audiooutput" id="lkm-speaker-select" label="Speaker" />
      ) : (
        <p className="lkm-muted lkm-small">
          This browser plays sound through the system’s default output.
        </p>
      )}
    </section>
  );
}

function ShortcutsSection() {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  const mod = mac ? '⌘' : 'Ctrl';
  return (
    <section className="lkm-settings-section" aria-labelledby="lkm-settings-keys">
      <h3 id="lkm-settings-keys">
        <KeyboardIcon width={18} height={18} /> Keyboard shortcuts
      </h3>
      <dl className="lkm-shortcuts">
        <div>
          <dt>
            <kbd>{mod}</kbd> <kbd>Shift</kbd> <kbd>A</kbd>
          </dt>
          <dd>Microphone on / off</dd>
        </div>
        <div>
          <dt>
            <kbd>{mod}</kbd> <kbd>Shift</kbd> <kbd>V</kbd>
          </dt>
          <dd>Camera on / off</dd>
        </div>
      </dl>
    </section>
  );
}
