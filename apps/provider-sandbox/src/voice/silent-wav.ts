/** Samples per second of the recordings the sandbox serves: telephone quality. */
const SAMPLE_RATE = 8000;
/** Longer recordings are served cut to this; nobody listens to sandbox silence. */
const MAX_SECONDS = 120;
/** 8-bit PCM is unsigned: silence sits in the middle. */
const SILENCE = 128;

/**
 * A WAV file of `seconds` of silence (8 kHz, 8-bit, mono PCM): what a sandbox recording's URL
 * serves, so a client that downloads recordings gets a real audio file of the right length.
 */
export function silentWav(seconds: number): Buffer {
  const samples = SAMPLE_RATE * Math.min(Math.max(0, Math.round(seconds)), MAX_SECONDS);
  const wav = Buffer.alloc(44 + samples, SILENCE);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // the fmt chunk's size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE, 28); // bytes per second
  wav.writeUInt16LE(1, 32); // bytes per sample frame
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  return wav;
}
