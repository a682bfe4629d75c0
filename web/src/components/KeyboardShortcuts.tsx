// Ctrl+Shift+A (⌘⇧A on macOS) toggles the microphone, Ctrl+Shift+V (⌘⇧V) the camera.
import * as React from 'react';
import { useTrackToggle } from '@livekit/components-react';
import { Track } from 'livekit-client';

export function KeyboardShortcuts() {
  const { toggle: toggleMicrophone } = useTrackToggle({ source: Track.Source.Microphone });
  const { toggle: toggleCamera } = useTrackToggle({ source: Track.Source.Camera });

  React.useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.altKey) return;
      if (event.repeat) return;
      if (event.code === 'KeyA' || event.key === 'A' || event.key === 'a') {
        event.preventDefault();
        void toggleMicrophone().catch(() => undefined);
      } else if (event.code === 'KeyV' || event.key === 'V' || event.key === 'v') {
        event.preventDefault();
        void toggleCamera().catch(() => undefined);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [toggleMicrophone, toggleCamera]);

  return null;
}
