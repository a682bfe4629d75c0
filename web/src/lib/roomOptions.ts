// Query options of a meeting link, as LiveKit Meet reads them, and the Room options they give.
import {
  VideoPresets,
  videoCodecs,
  type RoomOptions,
  type VideoCodec,
} from 'livekit-client';

export interface MeetingOptions {
  /** Preferred video codec; undefined lets LiveKit choose. */
  codec: VideoCodec | undefined;
  /** `hq=true`: capture up to 4K and send 1080p/720p layers. */
  hq: boolean;
  /** `region=`: passed on to api/connection-details. */
  region: string | undefined;
  /** `singlePC=false` turns the single peer connection off. */
  singlePeerConnection: boolean;
}

export function isVideoCodec(value: string): value is VideoCodec {
  return (videoCodecs as readonly string[]).includes(value);
}

export const VIDEO_CODECS: readonly string[] = videoCodecs;

/** Options of a /rooms/<name> link; an unknown codec falls back to vp9 as in Meet. */
export function meetingOptionsFromQuery(params: URLSearchParams): MeetingOptions {
  const codec = params.get('codec');
  const region = params.get('region')?.trim();
  return {
    codec: codec !== null && isVideoCodec(codec) ? codec : 'vp9',
    hq: params.get('hq') === 'true',
    region: region ? region : undefined,
    singlePeerConnection: params.get('singlePC') !== 'false',
  };
}

export interface CaptureChoices {
  videoDeviceId?: string;
  audioDeviceId?: string;
  noiseSuppression?: boolean;
}

export function buildRoomOptions(
  options: Pick<MeetingOptions, 'codec' | 'hq' | 'singlePeerConnection'>,
  e2ee: RoomOptions['e2ee'],
  choices: CaptureChoices = {},
): RoomOptions {
  let videoCodec = options.codec;
  // Encrypted meetings cannot use codecs whose packets need to be inspected by the SFU.
  if (e2ee && (videoCodec === 'av1' || videoCodec === 'vp9')) videoCodec = undefined;
  return {
    adaptiveStream: true,
    dynacast: true,
    singlePeerConnection: options.singlePeerConnection,
    videoCaptureDefaults: {
      deviceId: choices.videoDeviceId || undefined,
      resolution: options.hq ? VideoPresets.h2160.resolution : VideoPresets.h720.resolution,
    },
    audioCaptureDefaults: {
      deviceId: choices.audioDeviceId || undefined,
      noiseSuppression: choices.noiseSuppression ?? true,
      echoCancellation: true,
      autoGainControl: true,
    },
    publishDefaults: {
      dtx: false,
      red: !e2ee,
      videoCodec,
      videoSimulcastLayers: options.hq
        ? [VideoPresets.h1080, VideoPresets.h720]
        : [VideoPresets.h540, VideoPresets.h216],
    },
    e2ee,
  };
}
