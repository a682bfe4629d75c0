// A short two-note chime, synthesised with the Web Audio API (no sound file to download).
// Browsers may keep audio suspended until the page had a click or key press; then it stays silent.

let context: AudioContext | undefined;

function audioContext(): AudioContext | undefined {
  if (context) return context;
  const Ctor =
    window.AudioContext ??
    (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return undefined;
  try {
    context = new Ctor();
  } catch {
    return undefined;
  }
  return context;
}

function note(audio: AudioContext, frequency: number, start: number, length: number) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(frequency, start);
  // A quick attack and an exponential fade: a soft bell rather than a beep.
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.18, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(start);
  oscillator.stop(start + length + 0.02);
}

/** Plays the "someone is waiting" chime; never throws. */
export function playChime(): void {
  const audio = audioContext();
  if (!audio) return;
  try {
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const now = audio.currentTime + 0.01;
    note(audio, 880, now, 0.35);
    note(audio, 1318.5, now + 0.16, 0.5);
  } catch {
    // No sound, no harm: the counter and the message still tell the host.
  }
}
