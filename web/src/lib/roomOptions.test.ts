import { VideoPresets, type RoomOptions } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { VIDEO_CODECS, buildRoomOptions, isVideoCodec, meetingOptionsFromQuery } from './roomOptions';

const query = (search: string) => meetingOptionsFromQuery(new URLSearchParams(search));

// Only its presence matters to buildRoomOptions.
const e2ee = { keyProvider: {}, worker: {} } as unknown as RoomOptions['e2ee'];

describe('isVideoCodec', () => {
  it('knows the codecs LiveKit publishes', () => {
    for (const codec of ['vp8', 'h264', 'vp9', 'av1', 'h265']) expect(isVideoCodec(codec), codec).toBe(true);
    for (const codec of VIDEO_CODECS) expect(isVideoCodec(codec), codec).toBe(true);
  });

  it('refuses anything else, including other spellings', () => {
    for (const codec of ['', 'VP9', 'hevc', 'h266', ' vp8', 'vp8 ', 'toString']) {
      expect(isVideoCodec(codec), codec).toBe(false);
    }
  });
});

describe('meetingOptionsFromQuery', () => {
  it('has vp9, no HQ, no region and a single peer connection without options', () => {
    expect(query('')).toEqual({ codec: 'vp9', hq: false, region: undefined, singlePeerConnection: true });
  });

  it('reads every option', () => {
    expect(query('?codec=h264&hq=true&region=eu-west&singlePC=false')).toEqual({
      codec: 'h264',
      hq: true,
      region: 'eu-west',
      singlePeerConnection: false,
    });
  });

  it('falls back to vp9 for an unknown codec', () => {
    for (const codec of ['hevc', 'VP8', '', 'av1%20']) expect(query(`codec=${codec}`).codec, codec).toBe('vp9');
    expect(query('codec=av1').codec).toBe('av1');
    expect(query('codec=h265').codec).toBe('h265');
  });

  it('turns HQ on only for "true"', () => {
    for (const value of ['1', 'yes', 'TRUE', '', 'on']) expect(query(`hq=${value}`).hq, value).toBe(false);
  });

  it('turns the single peer connection off only for "false"', () => {
    for (const value of ['0', 'no', 'FALSE', '']) {
      expect(query(`singlePC=${value}`).singlePeerConnection, value).toBe(true);
    }
  });

  it('trims the region and drops a blank one', () => {
    expect(query('region=%20us-east%20').region).toBe('us-east');
    expect(query('region=').region).toBeUndefined();
    expect(query('region=%20%20').region).toBeUndefined();
  });
});

describe('buildRoomOptions', () => {
  const plain = { codec: 'vp9' as const, hq: false, singlePeerConnection: true };

  it('builds adaptive, dynacast options with 720p capture and the chosen codec', () => {
    expect(buildRoomOptions(plain, undefined)).toEqual({
      adaptiveStream: true,
      dynacast: true,
      singlePeerConnection: true,
      videoCaptureDefaults: { deviceId: undefined, resolution: VideoPresets.h720.resolution },
      audioCaptureDefaults: {
        deviceId: undefined,
        noiseSuppression: true,
        echoCancellation: true,
        autoGainControl: true,
      },
      publishDefaults: {
        dtx: false,
        red: true,
        videoCodec: 'vp9',
        videoSimulcastLayers: [VideoPresets.h540, VideoPresets.h216],
      },
      e2ee: undefined,
    });
  });

  it('captures 4K and sends 1080p and 720p layers in HQ', () => {
    const options = buildRoomOptions({ ...plain, hq: true }, undefined);
    expect(options.videoCaptureDefaults?.resolution).toEqual(VideoPresets.h2160.resolution);
    expect(options.publishDefaults?.videoSimulcastLayers).toEqual([VideoPresets.h1080, VideoPresets.h720]);
  });

  it('passes the single peer connection choice on', () => {
    const options = buildRoomOptions({ ...plain, singlePeerConnection: false }, undefined);
    expect(options.singlePeerConnection).toBe(false);
  });

  it('leaves the codec to LiveKit for encrypted meetings asking for vp9 or av1', () => {
    expect(buildRoomOptions({ ...plain, codec: 'vp9' }, e2ee).publishDefaults?.videoCodec).toBeUndefined();
    expect(buildRoomOptions({ ...plain, codec: 'av1' }, e2ee).publishDefaults?.videoCodec).toBeUndefined();
    expect(buildRoomOptions({ ...plain, codec: 'av1' }, undefined).publishDefaults?.videoCodec).toBe('av1');
  });

  it('keeps vp8 and h264 for encrypted meetings, without RED', () => {
    for (const codec of ['vp8', 'h264'] as const) {
      const options = buildRoomOptions({ ...plain, codec }, e2ee);
      expect(options.publishDefaults?.videoCodec).toBe(codec);
      expect(options.publishDefaults?.red).toBe(false);
      expect(options.e2ee).toBe(e2ee);
    }
  });

  it('uses the chosen devices and noise suppression', () => {
    const options = buildRoomOptions(plain, undefined, {
      videoDeviceId: 'cam-2',
      audioDeviceId: 'mic-3',
      noiseSuppression: false,
    });
    expect(options.videoCaptureDefaults?.deviceId).toBe('cam-2');
    expect(options.audioCaptureDefaults?.deviceId).toBe('mic-3');
    expect(options.audioCaptureDefaults?.noiseSuppression).toBe(false);
  });

  it('treats an empty device id as no choice', () => {
    const options = buildRoomOptions(plain, undefined, { videoDeviceId: '', audioDeviceId: '' });
    expect(options.videoCaptureDefaults?.deviceId).toBeUndefined();
    expect(options.audioCaptureDefaults?.deviceId).toBeUndefined();
    expect(options.audioCaptureDefaults?.noiseSuppression).toBe(true);
  });
});
