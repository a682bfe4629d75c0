// The background effect on the local camera, before and during a meeting. One choice, kept by
// `useEffectChoice` and remembered between visits, is applied in one of two ways:
//   - before joining (`usePreviewBackground`): a processor handed to LiveKit's PreJoin preview,
//     made once the engine has loaded and switched in place, so the preview keeps its camera;
//   - in the meeting (`useBackgroundEffect`): on the published camera track, whenever the track
//     appears and whenever the choice changes.
// An effect that fails to start is turned off (and remembered off), with the reason shown (in the
// language of the moment: the failure is kept, its words are made when shown).
import * as React from 'react';
import { useLocalParticipant } from '@livekit/components-react';
import type { BackgroundProcessorWrapper } from '@livekit/track-processors';
import type { LocalVideoTrack } from 'livekit-client';
import { useI18n } from '../i18n/I18n';
import {
  applyBackgroundEffect,
  backgroundEffectsSupported,
  backgroundFailureText,
  createBackgroundProcessor,
  loadBackgroundEffect,
  saveBackgroundEffect,
  switchBackgroundProcessor,
  type BackgroundEffect,
} from './backgroundEffects';

const NONE: BackgroundEffect = { kind: 'none' };

function sameEffect(a: BackgroundEffect, b: BackgroundEffect): boolean {
  return a.kind === b.kind && (a.kind !== 'image' || (b.kind === 'image' && a.id === b.id));
}

interface EffectChoice {
  /** Whether this browser can run background effects at all. */
  supported: boolean;
  effect: BackgroundEffect;
  /** The person chose another effect. */
  choose: (effect: BackgroundEffect) => void;
  /** The effect could not start (`reason`): off, remembered off, and the reason shown. */
  fail: (reason: unknown) => void;
  /** The last failure, until the next choice. */
  error?: string;
}

/**
 * The chosen effect (the one remembered from the last visit at first) and its last failure, said
 * as the pre-join preview's (`preview`) or the meeting's.
 */
function useEffectChoice(preview: boolean): EffectChoice {
  const i18n = useI18n();
  const [supported] = React.useState(backgroundEffectsSupported);
  const [effect, setEffect] = React.useState<BackgroundEffect>(() =>
    supported ? loadBackgroundEffect() : NONE,
  );
  const [failure, setFailure] = React.useState<{ reason: unknown }>();
  const choose = React.useCallback((next: BackgroundEffect) => {
    setFailure(undefined);
    setEffect(next);
    saveBackgroundEffect(next);
  }, []);
  const fail = React.useCallback((reason: unknown) => {
    setFailure({ reason });
    setEffect(NONE);
    saveBackgroundEffect(NONE);
  }, []);
  const error = failure && backgroundFailureText(i18n, failure.reason, preview);
  return { supported, effect, choose, fail, error };
}

export interface PreviewBackground {
  supported: boolean;
  effect: BackgroundEffect;
  setEffect: (effect: BackgroundEffect) => void;
  error?: string;
  /** For PreJoin's `videoProcessor`: there while an effect is on. */
  processor?: BackgroundProcessorWrapper;
  /** The preview failed: true when the effect was the cause (it is now off, the preview retries). */
  previewFailed: (error: Error) => boolean;
}

/** The effect on the pre-join preview. */
export function usePreviewBackground(): PreviewBackground {
  const { supported, effect, choose, fail, error } = useEffectChoice(true);
  // One processor while an effect is on. Each request to make or switch one takes a number: only
  // the latest request's processor (or failure) counts, and "None" outdates any on its way. The
  // preview starts without the effect and is made again once the engine has loaded (PreJoin makes
  // its tracks again when its processor changes).
  const [processor, setProcessor] = React.useState<BackgroundProcessorWrapper>();
  const request = React.useRef(0);
  const start = React.useCallback(
    (next: BackgroundEffect) => {
      request.current += 1;
      const mine = request.current;
      createBackgroundProcessor(next).then(
        (created) => {
          if (mine === request.current) setProcessor(created);
        },
        (reason: unknown) => {
          if (mine === request.current) fail(reason);
        },
      );
    },
    [fail],
  );
  const drop = React.useCallback(() => {
    request.current += 1;
    setProcessor(undefined);
  }, []);

  // The effect remembered from the last visit is on from the start.
  const [initial] = React.useState(effect);
  React.useEffect(() => {
    if (initial.kind !== 'none') start(initial);
  }, [initial, start]);

  const setEffect = React.useCallback(
    (next: BackgroundEffect) => {
      choose(next);
      if (next.kind === 'none') drop();
      else if (processor) {
        // A switch takes a number too: a late failure of an earlier choice changes nothing.
        request.current += 1;
        const mine = request.current;
        switchBackgroundProcessor(processor, next).catch((reason: unknown) => {
          if (mine !== request.current) return;
          fail(reason);
          drop();
        });
      } else start(next);
    },
    [choose, drop, fail, processor, start],
  );

  const previewFailed = React.useCallback(
    (failure: Error) => {
      if (!processor) return false;
      fail(failure);
      drop();
      return true;
    },
    [drop, fail, processor],
  );

  return { supported, effect, setEffect, error, processor, previewFailed };
}

export interface BackgroundEffectState {
  effect: BackgroundEffect;
  setEffect: (effect: BackgroundEffect) => void;
  applying: boolean;
  error?: string;
  cameraOn: boolean;
}

/** The effect on the camera track published in the meeting. */
export function useBackgroundEffect(): BackgroundEffectState {
  const { cameraTrack, isCameraEnabled } = useLocalParticipant();
  const track = cameraTrack?.track as LocalVideoTrack | undefined;
  const { effect, choose, fail, error } = useEffectChoice(false);
  const [applying, setApplying] = React.useState(false);
  // One change at a time, in order; `applied` is what the track carries.
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
        },
        (reason: unknown) => {
          applied.current = { track, effect: NONE };
          if (current) fail(reason);
        },
      )
      .finally(() => {
        pending.current -= 1;
        setApplying(pending.current > 0);
      });
    return () => {
      current = false;
    };
  }, [track, effect, fail]);

  return { effect, setEffect: choose, applying, error, cameraOn: !!track && isCameraEnabled };
}
