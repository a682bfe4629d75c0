// The meeting pages, loaded on demand as one chunk with LiveKit's client and components (the
// background-effect engine is a chunk of its own, lib/backgroundEngine.ts).
export { RoomPage } from './RoomPage';
export { CustomPage } from './CustomPage';
