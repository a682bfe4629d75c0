// Keeps the chosen background effect on the local camera: applies it when the camera track
// appears (the choice is remembered between meetings) and when the person picks another one.
import * as React from 'react';
import { useLocalParticipant } from '@livekit/components-react';
import type { LocalVideoTrack } from 'livekit-client';
import {
  applyBackgroundEffect,
  loadBackgroundEffect,
  saveBackgroundEffect,
  type BackgroundEffect,
} from './backgroundEffects';

export interface BackgroundEffectState {
  effect: BackgroundEffect;
  setEffect: (effect: BackgroundEffect) => void;
  applying: boolean;
  error?: string;
  cameraOn: boolean;
}

function sameEffect(a: BackgroundEffect, b: BackgroundEffect): boolean {
  return a.kind === b.kind && (a.kind !== 'image' || (b.kind === 'image' && a.id === b.id));
}

export function useBackgroundEffect(): BackgroundEffectState {
  const { cameraTrack, isCameraEnabled } = useLocalParticipant();
  const track = cameraTrack?.track as LocalVideoTrack | undefined;
  const [effect, setEffectState] = React.useState<BackgroundEffect>(loadBackgroundEffect);
  const [applying, setApplying] = React.useState(false);
  const [error, setError] = React.useState<string>();
  const queue = React.useRef<Promise<void>>(Promise.resolve());
  const pending = React.useRef(0);
  const applied = React.useRef<{ track: LocalVideoTrack; effect: BackgroundEffect } | null>(null);

  React.useEffect(() => {
    if (!track) return undefined;
    const last = applied.current;
    if (last && last.track === track && sameEffect(last.effect, effect)) return undefined;
    if (!last && effect.kind === 'none' && !track.getProcessor()) {
      applied.current = { track, effect };
      return undefined;
    }
    let current = true;
    pending.current += 1;
    setApplying(true);
    queue.current = queue.current
      .then(() => applyBackgroundEffect(track, effect))
      .then(
        () => {
          applied.current = { track, effect };
          if (current) setError(undefined);
        },
        (reason: unknown) => {
          applied.current = { track, effect: { kind: 'none' } };
          if (!current) return;
          setError(reason instanceof Error ? reason.message : String(reason));
          setEffectState({ kind: 'none' });
          saveBackgroundEffect({ kind: 'none' });
        },
      )
      .finally(() => {
        pending.current -= 1;
        setApplying(pending.current > 0);
      });
    return () => {
      current = false;
    };
  }, [track, effect]);

  const setEffect = React.useCallback((next: BackgroundEffect) => {
    setError(undefined);
    setEffectState(next);
    saveBackgroundEffect(next);
  }, []);

  return { effect, setEffect, applying, error, cameraOn: !!track && isCameraEnabled };
}
