// Background blur and virtual backgrounds on the local camera: the choices, the one remembered,
// and whether this browser can apply them. The engine (@livekit/track-processors and MediaPipe,
// backgroundEngine.ts) is loaded only when an effect is turned on; its segmentation WebAssembly and
// model are served by this app under `vision/` (see vite.config.ts), never from a CDN.
import type {
  BackgroundProcessorWrapper,
  SwitchBackgroundProcessorOptions,
} from '@livekit/track-processors';
import type { LocalVideoTrack } from 'livekit-client';
import type { I18n, MessageKey } from '../i18n/i18n';
import { loadSetting, saveSetting } from './storage';
import auroraUrl from '../assets/backgrounds/aurora.jpg';
import auroraThumb from '../assets/backgrounds/aurora-thumb.jpg';
import duskUrl from '../assets/backgrounds/dusk.jpg';
import duskThumb from '../assets/backgrounds/dusk-thumb.jpg';
import studioUrl from '../assets/backgrounds/studio.jpg';
import studioThumb from '../assets/backgrounds/studio-thumb.jpg';

export type BackgroundEffect =
  | { kind: 'none' }
  | { kind: 'blur' }
  | { kind: 'image'; id: string };

export interface BackgroundImage {
  id: string;
  /** The picture's name in the picker. */
  label: MessageKey;
  /** The picture behind the person (1280×720), fetched when chosen. */
  url: string;
  /** The picker's swatch (192×120, small enough to be inlined in the bundle). */
  thumbnail: string;
}

export const BACKGROUND_IMAGES: readonly BackgroundImage[] = [
  { id: 'aurora', label: 'effects.aurora', url: auroraUrl, thumbnail: auroraThumb },
  { id: 'dusk', label: 'effects.dusk', url: duskUrl, thumbnail: duskThumb },
  { id: 'studio', label: 'effects.studio', url: studioUrl, thumbnail: studioThumb },
];

/** Why an effect could not be applied: the browser cannot, or the engine failed (`detail`). */
export class BackgroundEffectError extends Error {
  constructor(
    readonly problem: 'unsupported' | 'engine',
    readonly detail = '',
  ) {
    super(
      problem === 'unsupported'
        ? 'This browser cannot apply background effects.'
        : `Background effects could not start: ${detail}`,
    );
    this.name = 'BackgroundEffectError';
  }
}

const reasonOf = (reason: unknown) => (reason instanceof Error ? reason.message : String(reason));

/**
 * What a failed effect means for a person: on the pre-join preview (`preview`), or on the camera
 * in the meeting.
 */
export function backgroundFailureText({ t }: I18n, reason: unknown, preview: boolean): string {
  if (preview) return t('effects.previewFailed', { reason: reasonOf(reason) });
  if (reason instanceof BackgroundEffectError) {
    return reason.problem === 'unsupported'
      ? t('effects.unsupported')
      : t('effects.engineFailed', { reason: reason.detail });
  }
  return reasonOf(reason);
}

const STORAGE_KEY = 'lkm-background-effect';
/** The name of this app's processors (a track may carry one of another origin). */
export const PROCESSOR_PREFIX = 'lkm-background';
const BLUR_RADIUS = 12;

function isEffect(value: unknown): value is BackgroundEffect {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { kind?: unknown; id?: unknown };
  if (v.kind === 'none' || v.kind === 'blur') return true;
  return v.kind === 'image' && BACKGROUND_IMAGES.some((image) => image.id === v.id);
}

export function loadBackgroundEffect(): BackgroundEffect {
  return loadSetting<BackgroundEffect>(STORAGE_KEY, { kind: 'none' }, isEffect);
}

export function saveBackgroundEffect(effect: BackgroundEffect): void {
  saveSetting(STORAGE_KEY, effect);
}

let webgl2: boolean | undefined;

/** The processors draw with WebGL 2; without it (no GPU, or GPU blocked) they cannot run. */
function hasWebGL2(): boolean {
  if (webgl2 === undefined) {
    try {
      const canvas = document.createElement('canvas');
      const context = canvas.getContext('webgl2');
      webgl2 = !!context;
      context?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      webgl2 = false;
    }
  }
  return webgl2;
}

/**
 * What the processors need of the browser, checked without loading them: frames in and out of a
 * track (insertable streams, or a canvas stream with VideoFrame), an OffscreenCanvas with
 * createImageBitmap for the segmentation, and WebGL 2 to draw.
 */
function hasProcessorApis(): boolean {
  const insertable =
    typeof MediaStreamTrackGenerator !== 'undefined' &&
    typeof MediaStreamTrackProcessor !== 'undefined';
  const canvasStream =
    typeof HTMLCanvasElement !== 'undefined' &&
    typeof VideoFrame !== 'undefined' &&
    'captureStream' in HTMLCanvasElement.prototype;
  return (
    (insertable || canvasStream) &&
    typeof OffscreenCanvas !== 'undefined' &&
    typeof VideoFrame !== 'undefined' &&
    typeof createImageBitmap !== 'undefined'
  );
}

export function backgroundEffectsSupported(): boolean {
  try {
    return hasProcessorApis() && hasWebGL2();
  } catch {
    return false;
  }
}

/** The engine, in a chunk of its own: fetched the first time an effect is turned on. */
const loadEngine = () => import('./backgroundEngine');

/**
 * A processor for LiveKit's pre-join preview (PreJoin's `videoProcessor`), or undefined. Later
 * changes go through `switchBackgroundProcessor` on the same instance, so the preview keeps its
 * camera track.
 */
export async function createBackgroundProcessor(
  effect: BackgroundEffect,
): Promise<BackgroundProcessorWrapper | undefined> {
  if (effect.kind === 'none' || !backgroundEffectsSupported()) return undefined;
  return (await loadEngine()).createProcessor(switchOptions(effect));
}

export async function switchBackgroundProcessor(
  processor: BackgroundProcessorWrapper,
  effect: BackgroundEffect,
): Promise<void> {
  await processor.switchTo(switchOptions(effect));
}

function absolute(url: string): string {
  return new URL(url, document.baseURI).href;
}

function switchOptions(effect: BackgroundEffect): SwitchBackgroundProcessorOptions {
  switch (effect.kind) {
    case 'blur':
      return { mode: 'background-blur', blurRadius: BLUR_RADIUS };
    case 'image': {
      const image = BACKGROUND_IMAGES.find((candidate) => candidate.id === effect.id);
      return image
        ? { mode: 'virtual-background', imagePath: absolute(image.url) }
        : { mode: 'disabled' };
    }
    default:
      return { mode: 'disabled' };
  }
}

/** Applies `effect` to the camera track; throws (a BackgroundEffectError, mostly) when it cannot. */
export async function applyBackgroundEffect(
  track: LocalVideoTrack,
  effect: BackgroundEffect,
): Promise<void> {
  const current = track.getProcessor() as BackgroundProcessorWrapper | undefined;
  if (effect.kind === 'none') {
    if (current) await track.stopProcessor();
    return;
  }
  if (!backgroundEffectsSupported()) {
    throw new BackgroundEffectError('unsupported');
  }
  const options = switchOptions(effect);
  if (current && current.name.startsWith(PROCESSOR_PREFIX)) {
    await current.switchTo(options);
    return;
  }
  await (await loadEngine()).startProcessor(track, options);
}
