// The browser's own noise suppression for the microphone, where it has one.
import type { LocalAudioTrack } from 'livekit-client';
import { loadSetting, saveSetting } from './storage';

const STORAGE_KEY = 'lkm-noise-suppression';

export function noiseSuppressionSupported(): boolean {
  try {
    return !!navigator.mediaDevices?.getSupportedConstraints?.().noiseSuppression;
  } catch {
    return false;
  }
}

export function loadNoiseSuppression(): boolean {
  return loadSetting<boolean>(STORAGE_KEY, true, (v): v is boolean => typeof v === 'boolean');
}

export function saveNoiseSuppression(enabled: boolean): void {
  saveSetting(STORAGE_KEY, enabled);
}

/** Whether the microphone track currently has noise suppression on (undefined: unknown). */
export function trackNoiseSuppression(track: LocalAudioTrack | undefined): boolean | undefined {
  const settings = track?.mediaStreamTrack?.getSettings?.();
  return typeof settings?.noiseSuppression === 'boolean' ? settings.noiseSuppression : undefined;
}

/** Restarts the microphone with noise suppression on or off, keeping the chosen device. */
export async function setTrackNoiseSuppression(
  track: LocalAudioTrack,
  enabled: boolean,
): Promise<void> {
  const deviceId = track.mediaStreamTrack?.getSettings?.().deviceId;
  await track.restartTrack({
    deviceId: deviceId ? { exact: deviceId } : undefined,
    noiseSuppression: enabled,
    echoCancellation: true,
    autoGainControl: true,
  });
}
