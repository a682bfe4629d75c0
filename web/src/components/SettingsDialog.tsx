// Settings during a meeting: camera (with background effects), microphone (with noise
// suppression), speaker, the language, and the keyboard shortcuts.
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
import { useT } from '../i18n/I18n';
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
import { LanguagePicker } from './LanguagePicker';

const TITLE_ID = 'lkm-settings-title';

export function SettingsDialog({ background }: { background: BackgroundEffectState }) {
  const t = useT();
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
          <h2 id={TITLE_ID}>{t('settings.title')}</h2>
          <button
            type="button"
            className="lkm-icon-button"
            aria-label={t('settings.close')}
            onClick={close}
          >
            <CloseIcon />
          </button>
        </div>
        <div className="lkm-settings-body">
          <CameraSection background={background} />
          <MicrophoneSection />
          <SpeakerSection />
          <LanguageSection />
          <ShortcutsSection />
        </div>
        <div className="lkm-settings-footer">
          <button type="button" className="lk-button lkm-primary" onClick={close}>
            {t('settings.done')}
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
  const t = useT();
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
        <p className="lkm-muted lkm-small">{t('settings.noDevices')}</p>
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
                setError(reason instanceof Error ? reason.message : t('settings.deviceFailed')),
            );
          }}
        >
          {!options.some((d) => d.deviceId === activeDeviceId) && (
            <option value="">{t('settings.systemDefault')}</option>
          )}
          {options.map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || t('settings.deviceNumbered', { device: label, number: index + 1 })}
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
  const t = useT();
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
      <h3 id="lkm-settings-camera">{t('common.camera')}</h3>
      <div className="lkm-camera-preview">
        {trackRef && cameraOn ? (
          <VideoTrack trackRef={trackRef} className="lkm-mirror" />
        ) : (
          <div className="lkm-camera-off">
            {connecting ? t('settings.cameraPreviewConnecting') : t('settings.cameraOff')}
          </div>
        )}
      </div>
      {!connecting && (
        <div className="lkm-row">
          <TrackToggle
            source={Track.Source.Camera}
            className="lk-button lkm-compact"
            aria-label={t('common.camera')}
          >
            {cameraOn ? t('settings.turnCameraOff') : t('settings.turnCameraOn')}
          </TrackToggle>
        </div>
      )}
      <DeviceSelect
        kind="videoinput"
        id="lkm-camera-select"
        label={t('common.camera')}
        onSelected={saveVideoInputDeviceId}
      />
      <fieldset className="lkm-effects" disabled={!supported}>
        <legend>{t('settings.background')}</legend>
        <BackgroundPicker effect={effect} onSelect={setEffect} />
        <p className="lkm-muted lkm-small" role="status">
          {!supported
            ? t('settings.backgroundUnsupported')
            : !cameraOn
              ? connecting
                ? t('settings.backgroundAppliesOnConnect')
                : t('settings.backgroundNeedsCamera')
              : applying
                ? t('settings.applying')
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
  const t = useT();
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
          setError(reason instanceof Error ? reason.message : t('settings.microphoneRestartFailed')),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="lkm-settings-section" aria-labelledby="lkm-settings-mic">
      <h3 id="lkm-settings-mic">{t('common.microphone')}</h3>
      {!connecting && (
        <div className="lkm-row">
          <TrackToggle
            source={Track.Source.Microphone}
            className="lk-button lkm-compact"
            aria-label={t('common.microphone')}
          >
            {isMicrophoneEnabled ? t('settings.mute') : t('settings.unmute')}
          </TrackToggle>
          {trackRef && isMicrophoneEnabled && <LevelMeter trackRef={trackRef} />}
        </div>
      )}
      <DeviceSelect
        kind="audioinput"
        id="lkm-mic-select"
        label={t('common.microphone')}
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
              {t('settings.noiseSuppression')}
            </label>
            <span className="lkm-hint" id="lkm-noise-hint">
              {t('settings.noiseSuppressionHint')}
            </span>
          </span>
        </div>
      ) : (
        <p className="lkm-muted lkm-small">{t('settings.noNoiseSuppression')}</p>
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
  const t = useT();
  const volume = useTrackVolume(trackRef);
  const level = Math.min(1, Math.sqrt(volume) * 1.6);
  return (
    <div className="lkm-level" role="meter" aria-label={t('settings.microphoneLevel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
      <div className="lkm-level-fill" style={{ transform: `scaleX(${level})` }} />
    </div>
  );
}

function SpeakerSection() {
  const t = useT();
  const supported =
    typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  return (
    <section className="lkm-settings-section" aria-labelledby="lkm-settings-speaker">
      <h3 id="lkm-settings-speaker">{t('settings.speaker')}</h3>
      {supported ? (
        <DeviceSelect kind="audiooutput" id="lkm-speaker-select" label={t('settings.speaker')} />
      ) : (
        <p className="lkm-muted lkm-small">
          {t('settings.defaultOutput')}
        </p>
      )}
    </section>
  );
}

/** The language of the app, which can change during the meeting without leaving it. */
function LanguageSection() {
  const t = useT();
  return (
    <section className="lkm-settings-section" aria-labelledby="lkm-settings-language">
      <h3 id="lkm-settings-language">{t('language.label')}</h3>
      <LanguagePicker />
    </section>
  );
}

function ShortcutsSection() {
  const t = useT();
  const mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  const mod = mac ? '⌘' : t('settings.keyCtrl');
  const shift = t('settings.keyShift');
  return (
    <section className="lkm-settings-section" aria-labelledby="lkm-settings-keys">
      <h3 id="lkm-settings-keys">
        <KeyboardIcon width={18} height={18} /> {t('settings.shortcuts')}
      </h3>
      <dl className="lkm-shortcuts">
        <div>
          <dt>
            <kbd>{mod}</kbd> <kbd>{shift}</kbd> <kbd>A</kbd>
          </dt>
          <dd>{t('settings.toggleMicrophone')}</dd>
        </div>
        <div>
          <dt>
            <kbd>{mod}</kbd> <kbd>{shift}</kbd> <kbd>V</kbd>
          </dt>
          <dd>{t('settings.toggleCamera')}</dd>
        </div>
      </dl>
    </section>
  );
}
