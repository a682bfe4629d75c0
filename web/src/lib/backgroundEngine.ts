// The background-effect engine: @livekit/track-processors and MediaPipe's segmentation, in a chunk
// that backgroundEffects.ts loads only when someone turns an effect on.
import {
  BackgroundProcessor,
  type BackgroundProcessorWrapper,
  type SwitchBackgroundProcessorOptions,
} from '@livekit/track-processors';
import type { LocalVideoTrack } from 'livekit-client';
import { BackgroundEffectError, PROCESSOR_PREFIX } from './backgroundEffects';
import { appUrl } from './config';

function assetPaths() {
  return {
    tasksVisionFileSet: appUrl('vision').href,
    modelAssetPath: appUrl('vision/selfie_segmenter.tflite').href,
  };
}

export function createProcessor(options: SwitchBackgroundProcessorOptions): BackgroundProcessorWrapper {
  return BackgroundProcessor({ ...options, assetPaths: assetPaths() }, PROCESSOR_PREFIX);
}

/** Puts a new processor on the camera track; throws a BackgroundEffectError when it cannot. */
export async function startProcessor(
  track: LocalVideoTrack,
  options: SwitchBackgroundProcessorOptions,
): Promise<void> {
  try {
    await track.setProcessor(createProcessor(options));
  } catch (gpuError) {
    // No usable GPU: try again with the segmenter on the CPU.
    await track.stopProcessor().catch(() => undefined);
    try {
      await track.setProcessor(
        BackgroundProcessor(
          { ...options, assetPaths: assetPaths(), segmenterOptions: { delegate: 'CPU' } },
          PROCESSOR_PREFIX,
        ),
      );
    } catch {
      await track.stopProcessor().catch(() => undefined);
      const reason = gpuError instanceof Error ? gpuError.message : String(gpuError);
      throw new BackgroundEffectError('engine', reason);
    }
  }
}
