// The conference screen: header, grid or focus layout, control bar, chat and settings.
import * as React from 'react';
import {
  CarouselLayout,
  Chat,
  ChatIcon,
  ChatToggle,
  FocusLayoutContainer,
  GearIcon,
  GridLayout,
  LayoutContextProvider,
  LeaveIcon,
  MediaDeviceMenu,
  StartMediaButton,
  TrackToggle,
  formatChatMessageLinks,
  isTrackReference,
  useCreateLayoutContext,
  useIsRecording,
  useLayoutContext,
  useLocalParticipantPermissions,
  usePersistentUserChoices,
  usePinnedTracks,
  useRoomInfo,
  useTracks,
  useConnectionState,
  type TrackReferenceOrPlaceholder,
  type WidgetState,
} from '@livekit/components-react';
import { ConnectionState, RoomEvent, Track } from 'livekit-client';
import { useT } from '../i18n/I18n';
import { useAccessibleNames } from '../lib/useAccessibleNames';
import { useBackgroundEffect } from '../lib/useBackgroundEffect';
import { useMediaQuery } from '../lib/useMediaQuery';
import { CopyLinkButton } from './CopyLinkButton';
import { EncryptionNotice } from './EncryptionNotice';
import { LockIcon } from './Icons';
import { MeetingTile } from './MeetingTile';
import { RecordButton } from './RecordButton';
import { PeopleList } from './PeopleList';
import { HAND_BUTTON_WIDTH, HandAnnouncer, HandButton, RaisedHandsPanel } from './RaisedHands';
import { REACTIONS_BUTTON_WIDTH, ReactionAnnouncer, ReactionsButton } from './Reactions';

// The settings dialog, loaded the first time someone opens it.
const SettingsDialog = React.lazy(() => import('./SettingsDialog').then((m) => ({ default: m.SettingsDialog })));

interface MeetingLayoutProps {
  roomName?: string;
  encrypted: boolean;
  inviteLink?: string;
  onLeave: () => void;
  /** More controls for the control bar (the host's); `narrow` when labels are hidden. */
  toolbarExtra?: (narrow: boolean) => React.ReactNode;
  /** Pixels of width the extra controls and any side panel take from the control bar. */
  toolbarReserve?: number;
  /** The room this person may record (the record button is shown), or undefined. */
  recordRoom?: string;
}

function sameTrack(a: TrackReferenceOrPlaceholder, b: TrackReferenceOrPlaceholder | undefined) {
  if (!b) return false;
  if (a.participant.identity !== b.participant.identity || a.source !== b.source) return false;
  const sidA = isTrackReference(a) ? a.publication.trackSid : undefined;
  const sidB = isTrackReference(b) ? b.publication.trackSid : undefined;
  return sidA === sidB;
}

export function MeetingLayout({
  roomName,
  encrypted,
  inviteLink,
  onLeave,
  toolbarExtra,
  toolbarReserve = 0,
  recordRoom,
}: MeetingLayoutProps) {
  const t = useT();
  const [widget, setWidget] = React.useState<WidgetState>({
    showChat: false,
    unreadMessages: 0,
    showSettings: false,
  });
  const layoutContext = useCreateLayoutContext();
  const rootRef = React.useRef<HTMLDivElement>(null);
  useAccessibleNames(rootRef);
  const background = useBackgroundEffect();

  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { updateOnlyOn: [RoomEvent.ActiveSpeakersChanged], onlySubscribed: false },
  );
  const focusTrack = usePinnedTracks(layoutContext)?.[0];
  const carouselTracks = tracks.filter((track) => !sameTrack(track, focusTrack));

  // A new screen share takes the focus unless the person pinned something; when it ends, the
  // grid comes back.
  const autoFocused = React.useRef<string | null>(null);
  const screenShares = tracks
    .filter(isTrackReference)
    .filter((track) => track.publication.source === Track.Source.ScreenShare);
  const screenShareKey = screenShares
    .map((track) => `${track.publication.trackSid}:${track.publication.isSubscribed}`)
    .join(',');
  React.useEffect(() => {
    const subscribed = screenShares.find((track) => track.publication.isSubscribed);
    if (subscribed && autoFocused.current === null && !focusTrack) {
      layoutContext.pin.dispatch?.({ msg: 'set_pin', trackReference: subscribed });
      autoFocused.current = subscribed.publication.trackSid;
    } else if (
      autoFocused.current !== null &&
      !screenShares.some((track) => track.publication.trackSid === autoFocused.current)
    ) {
      if (focusTrack && isTrackReference(focusTrack) &&
        focusTrack.publication.trackSid === autoFocused.current) {
        layoutContext.pin.dispatch?.({ msg: 'clear_pin' });
      }
      autoFocused.current = null;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [screenShareKey]);

  return (
    <div className="lk-video-conference lkm-conference" ref={rootRef}>
      <LayoutContextProvider value={layoutContext} onWidgetChange={setWidget}>
        <div className="lk-video-conference-inner">
          <MeetingHeader roomName={roomName} encrypted={encrypted} inviteLink={inviteLink} />
          <EncryptionNotice encrypted={encrypted} />
          <h2 className="lkm-visually-hidden">{t('meeting.participants')}</h2>
          {!focusTrack ? (
            <div className="lk-grid-layout-wrapper">
              <GridLayout tracks={tracks}>
                <MeetingTile />
              </GridLayout>
            </div>
          ) : (
            <div className="lk-focus-layout-wrapper">
              <FocusLayoutContainer>
                <CarouselLayout tracks={carouselTracks}>
                  <MeetingTile />
                </CarouselLayout>
                <MeetingTile trackRef={focusTrack} />
              </FocusLayoutContainer>
            </div>
          )}
          <RaisedHandsPanel />
          <HandAnnouncer />
          <ReactionAnnouncer />
          <MeetingControls
            onLeave={onLeave}
            chatOpen={!!widget.showChat}
            unread={widget.unreadMessages}
            extra={toolbarExtra}
            reserve={toolbarReserve + (recordRoom ? 130 : 0) + HAND_BUTTON_WIDTH + REACTIONS_BUTTON_WIDTH}
            recordRoom={recordRoom}
          />
        </div>
        <Chat
          style={{ display: widget.showChat ? 'grid' : 'none' }}
          messageFormatter={formatChatMessageLinks}
        />
        {widget.showSettings && (
          <React.Suspense fallback={null}>
            <SettingsDialog background={background} />
          </React.Suspense>
        )}
      </LayoutContextProvider>
    </div>
  );
}

function MeetingHeader({
  roomName,
  encrypted,
  inviteLink,
}: {
  roomName?: string;
  encrypted: boolean;
  inviteLink?: string;
}) {
  const t = useT();
  const info = useRoomInfo();
  const recording = useIsRecording();
  const name = roomName || info.name;
  return (
    <header className="lkm-meeting-header">
      <div className="lkm-meeting-title">
        {encrypted && (
          <span className="lkm-badge lkm-badge-secure" title={t('meeting.encryptedTitle')}>
            <LockIcon width={14} height={14} />
            <span className="lkm-hide-narrow">{t('meeting.encrypted')}</span>
            <span className="lkm-visually-hidden lkm-show-narrow-sr">{t('meeting.encryptedTitle')}</span>
          </span>
        )}
        <h1 className="lkm-meeting-name">{name || t('meeting.untitled')}</h1>
        {recording && (
          <span className="lkm-badge lkm-badge-recording" role="status">
            <span className="lkm-rec-dot" aria-hidden="true" /> {t('meeting.recording')}
          </span>
        )}
      </div>
      <div className="lkm-meeting-tools">
        <PeopleList />
        {inviteLink && <CopyLinkButton link={inviteLink} compact />}
      </div>
    </header>
  );
}

function supportsScreenSharing(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

const SOURCE_PROTOCOL: Partial<Record<Track.Source, number>> = {
  [Track.Source.Camera]: 1,
  [Track.Source.Microphone]: 2,
  [Track.Source.ScreenShare]: 3,
};

function MeetingControls({
  onLeave,
  chatOpen,
  unread,
  extra,
  reserve,
  recordRoom,
}: {
  onLeave: () => void;
  chatOpen: boolean;
  unread: number;
  extra?: (narrow: boolean) => React.ReactNode;
  reserve: number;
  recordRoom?: string;
}) {
  const t = useT();
  // The widths the labelled controls need (microphone, camera, screen share, chat, settings,
  // leave), and the chat panel beside them; `reserve` adds the others.
  const narrow = useMediaQuery(`(max-width: ${(chatOpen ? 1120 : 880) + reserve}px)`);
  const reportedPermissions = useLocalParticipantPermissions();
  const connectionState = useConnectionState();
  // Until the connection is up, the server has not said what the person may do: show the
  // camera and microphone controls (their tracks are published once connected). While
  // reconnecting, what it said still holds.
  const permissions =
    connectionState === ConnectionState.Connected ||
    connectionState === ConnectionState.Reconnecting ||
    connectionState === ConnectionState.SignalReconnecting
      ? reportedPermissions
      : undefined;
  const [sharing, setSharing] = React.useState(false);
  const layout = useLayoutContext();
  const {
    saveAudioInputEnabled,
    saveVideoInputEnabled,
    saveAudioInputDeviceId,
    saveVideoInputDeviceId,
  } = usePersistentUserChoices({});

  // Until the server says otherwise (while connecting), the person may publish.
  const canPublish = (source: Track.Source) =>
    !permissions ||
    (permissions.canPublish &&
    (permissions.canPublishSources.length === 0 ||
        permissions.canPublishSources.includes(SOURCE_PROTOCOL[source] ?? -1)));

  const onMicChange = React.useCallback(
    (enabled: boolean, byUser: boolean) => {
      if (byUser) saveAudioInputEnabled(enabled);
    },
    [saveAudioInputEnabled],
  );
  const onCameraChange = React.useCallback(
    (enabled: boolean, byUser: boolean) => {
      if (byUser) saveVideoInputEnabled(enabled);
    },
    [saveVideoInputEnabled],
  );

  const text = (label: string) => (narrow ? null : <span>{label}</span>);
  const shareLabel = sharing ? t('meeting.stopScreenShare') : t('meeting.shareScreen');
  const chatLabel = unread > 0 && !chatOpen ? t('meeting.chatUnread', { count: unread }) : t('meeting.chat');

  return (
    <div className="lk-control-bar lkm-control-bar" role="toolbar" aria-label={t('meeting.controls')}>
      {canPublish(Track.Source.Microphone) && (
        <div className="lk-button-group">
          <TrackToggle
            source={Track.Source.Microphone}
            onChange={onMicChange}
            aria-label={t('common.microphone')}
            aria-keyshortcuts="Control+Shift+A Meta+Shift+A"
            title={t('meeting.microphoneTitle')}
          >
            {text(t('common.microphone'))}
          </TrackToggle>
          <div className="lk-button-group-menu">
            <MediaDeviceMenu
              kind="audioinput"
              aria-label={t('meeting.chooseMicrophone')}
              onActiveDeviceChange={(_kind, deviceId) => saveAudioInputDeviceId(deviceId ?? 'default')}
            />
          </div>
        </div>
      )}
      {canPublish(Track.Source.Camera) && (
        <div className="lk-button-group">
          <TrackToggle
            source={Track.Source.Camera}
            onChange={onCameraChange}
            aria-label={t('common.camera')}
            aria-keyshortcuts="Control+Shift+V Meta+Shift+V"
            title={t('meeting.cameraTitle')}
          >
            {text(t('common.camera'))}
          </TrackToggle>
          <div className="lk-button-group-menu">
            <MediaDeviceMenu
              kind="videoinput"
              aria-label={t('meeting.chooseCamera')}
              onActiveDeviceChange={(_kind, deviceId) => saveVideoInputDeviceId(deviceId ?? 'default')}
            />
          </div>
        </div>
      )}
      {canPublish(Track.Source.ScreenShare) && supportsScreenSharing() && (
        <TrackToggle
          source={Track.Source.ScreenShare}
          captureOptions={{ audio: true, selfBrowserSurface: 'include' }}
          onChange={(enabled: boolean) => setSharing(enabled)}
          aria-label={shareLabel}
        >
          {text(shareLabel)}
        </TrackToggle>
      )}
      {!!permissions?.canPublishData && (
        <ChatToggle aria-label={chatLabel}>
          <ChatIcon />
          {text(t('meeting.chat'))}
        </ChatToggle>
      )}
      <HandButton narrow={narrow} />
      {!!permissions?.canPublishData && <ReactionsButton narrow={narrow} />}
      <button
        type="button"
        className="lk-button lk-settings-toggle"
        aria-label={t('settings.title')}
        aria-haspopup="dialog"
        aria-pressed={!!layout.widget.state?.showSettings}
        onClick={() => layout.widget.dispatch?.({ msg: 'toggle_settings' })}
      >
        <GearIcon />
        {text(t('settings.title'))}
      </button>
      {recordRoom && <RecordButton roomName={recordRoom} narrow={narrow} />}
      {extra?.(narrow)}
      <button
        type="button"
        className="lk-disconnect-button"
        aria-label={t('meeting.leave')}
        onClick={() => {
          if (layout.widget.state?.showSettings) layout.widget.dispatch?.({ msg: 'toggle_settings' });
          onLeave();
        }}
      >
        <LeaveIcon />
        {text(t('meeting.leave'))}
      </button>
      <StartMediaButton label={t('meeting.startMedia')} />
    </div>
  );
}
