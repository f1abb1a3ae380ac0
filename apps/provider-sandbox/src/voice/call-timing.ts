/**
 * How long the parts of a simulated call take, in seconds of call time. Durations reported in
 * callbacks (`CallDuration`, `RecordingDuration`) are counted in these; how much real time a
 * second takes is a setting (`SANDBOX_CALL_TIME_SCALE_MS`, none by default).
 */
export const CallTiming = {
  /** Text-to-speech and callers speak about 150 words a minute. */
  wordsPerSecond: 2.5,
  /** The sandbox cannot know an audio file's length; every `<Play>` counts this long. */
  playSeconds: 5,
  /** `loop="0"` repeats for ever on a real call; the listener gives up after this many. */
  maxLoops: 10,
  /** Ringing before a party answers, declines (busy) or the call fails. */
  ringSeconds: 4,
  /** Ringing before an unanswered call gives up, unless the request says `Timeout`. */
  noAnswerSeconds: 30,
  /** An answering machine's greeting: its beep sounds this long after it picked up. */
  greetingSeconds: 8,
  /** Detection telling a person (who says "hello?" and waits) from a machine. */
  humanDetectionSeconds: 2,
  /** `MachineDetection=Enable` reports a machine this early, in the middle of its greeting. */
  machineStartDetectionSeconds: 3,
  /** A `<Dial>`ed party who answers talks this long. */
  dialTalkSeconds: 20,
  /** `<Record>` waits this long for a silent party, unless its `timeout` says otherwise. */
  recordTimeoutSeconds: 5,
  /** `<Record>`'s longest recording unless its `maxLength` says otherwise. */
  recordMaxSeconds: 3600,
} as const;

/** Seconds it takes to say `text`: at least one. */
export function speechSeconds(text: string): number {
  const words = text.split(' ').filter(Boolean).length;
  return Math.max(1, Math.ceil(words / CallTiming.wordsPerSecond));
}

/** A whole-number attribute within bounds, or `fallback` when absent or not a number. */
export function boundedInt(
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const parsed = value === undefined ? NaN : Number.parseInt(value, 10);
  if (!Number.isFinite(parsed)) return fallback;
  return Math.min(max, Math.max(min, parsed));
}

/** How many times a `loop` attribute plays something: `0` (for ever) is capped. */
export function loopsOf(value: string | undefined): number {
  const loops = boundedInt(value, 1, 0, CallTiming.maxLoops);
  return loops === 0 ? CallTiming.maxLoops : loops;
}
