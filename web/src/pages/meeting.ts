// The meeting pages, loaded on demand as one chunk with LiveKit's client and components (the
// background-effect engine is a chunk of its own, lib/backgroundEngine.ts), and their styles, in
// this order, after those of every page (main.tsx).
import '../styles/prejoin.css';
import '../styles/conference.css';
import '../styles/dialogs.css';
import '../styles/host-panel.css';
import '../styles/meeting-responsive.css';
export { RoomPage } from './RoomPage';
export { CustomPage } from './CustomPage';
export { ConnectionTestPage } from './ConnectionTestPage';
