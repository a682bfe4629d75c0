// The meeting pages, loaded on demand as one chunk (LiveKit's client, components and the
// background-effect engine).
export { RoomPage } from './RoomPage';
export { CustomPage } from './CustomPage';
