// Background blur and virtual backgrounds on the local camera, with @livekit/track-processors.
// Its segmentation engine (MediaPipe WebAssembly + a person-segmentation model) is served by this
// app under `vision/` (see vite.config.ts), never from a CDN.
import {
  BackgroundProcessor,
  supportsBackgroundProcessors,
  type BackgroundProcessorWrapper,
  type SwitchBackgroundProcessorOptions,
} from '@livekit/track-processors';
import type { LocalVideoTrack } from 'livekit-client';
import { appUrl } from './config';
import { loadSetting, saveSetting } from './storage';
import auroraUrl from '../assets/backgrounds/aurora.jpg';
import duskUrl from '../assets/backgrounds/dusk.jpg';
import studioUrl from '../assets/backgrounds/studio.jpg';

export type BackgroundEffect =
  | { kind: 'none' }
  | { kind: 'blur' }
  | { kind: 'image'; id: string };

export interface BackgroundImage {
  id: string;
  label: string;
  url: string;
}

export const BACKGROUND_IMAGES: readonly BackgroundImage[] = [
  { id: 'aurora', label: 'Aurora', url: auroraUrl },
  { id: 'dusk', label: 'Dusk', url: duskUrl },
  { id: 'studio', label: 'Studio', url: studioUrl },
];

const STORAGE_KEY = 'lkm-background-effect';
const PROCESSOR_PREFIX = 'lkm-background';
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

export function backgroundEffectsSupported(): boolean {
  try {
    return supportsBackgroundProcessors() && hasWebGL2();
  } catch {
    return false;
  }
}

function processorName(): string {
  return PROCESSOR_PREFIX;
}

/**
 * A processor for LiveKit's pre-join preview (PreJoin's `videoProcessor`), or undefined. Later
 * changes go through `switchBackgroundProcessor` on the same instance, so the preview keeps its
 * camera track.
 */
export function createBackgroundProcessor(
  effect: BackgroundEffect,
): BackgroundProcessorWrapper | undefined {
  if (effect.kind === 'none' || !backgroundEffectsSupported()) return undefined;
  return BackgroundProcessor({ ...switchOptions(effect), assetPaths: assetPaths() }, processorName());
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

function assetPaths() {
  return {
    tasksVisionFileSet: appUrl('vision').href,
    modelAssetPath: appUrl('vision/selfie_segmenter.tflite').href,
  };
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

/** Applies `effect` to the camera track; throws with a readable message when it cannot. */
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
    throw new Error('This browser cannot apply background effects.');
  }
  const options = switchOptions(effect);
  if (current && current.name.startsWith(PROCESSOR_PREFIX)) {
    await current.switchTo(options);
    return;
  }
  try {
    await track.setProcessor(
      BackgroundProcessor({ ...options, assetPaths: assetPaths() }, processorName()),
    );
  } catch (gpuError) {
    // No usable GPU: try again with the segmenter on the CPU.
    await track.stopProcessor().catch(() => undefined);
    try {
      await track.setProcessor(
        BackgroundProcessor(
          { ...options, assetPaths: assetPaths(), segmenterOptions: { delegate: 'CPU' } },
          processorName(),
        ),
      );
    } catch {
      await track.stopProcessor().catch(() => undefined);
      const reason = gpuError instanceof Error ? gpuError.message : String(gpuError);
      throw new Error(`Background effects could not start: ${reason}`);
    }
  }
}
