import { preview, type FuzzAnswer } from './fuzz-runner';

/**
 * Requests refused without reading a body larger than webhook-ingest discards (1 MiB): they are
 * answered at once and their connection closed (docs/SECURITY.md), so a client still sending
 * may see the connection reset instead of the answer.
 */
const MAY_CLOSE_UNREAD: ReadonlySet<string> = new Set(['huge:inbound-parse-over-limit']);

/** What no answer may show: the victim's ids and a text only the victim's messages hold. */
export interface VictimSecrets {
  victimIds: readonly string[];
  /** In the victim's messages only, and in no request the suite makes: its leak is a leak. */
  secretTail: string;
}

/** What is wrong with one answer; nothing when it keeps every invariant. */
export function violationsOf(
  answer: FuzzAnswer,
  { victimIds, secretTail }: VictimSecrets,
  answerWithinMs: number,
): string[] {
  const { request: req, status, text } = answer;
  const problems: string[] = [];
  if (status === 0 && !MAY_CLOSE_UNREAD.has(req.kind)) problems.push(`no answer (${answer.error})`);
  if (status >= 500 && !(status === 503 && req.may503))
    problems.push(`answered ${status}: ${preview(text)}`);
  if (answer.durationMs > answerWithinMs)
    problems.push(`answered after ${Math.round(answer.durationMs)} ms`);
  // A replayed webhook or keyed request gets the answer the first one got (unless throttled
  // or unavailable, which a retry may change).
  const first = answer.first?.status;
  if (
    first !== undefined &&
    first !== status &&
    ![first, status].some((s) => s === 429 || s === 503)
  ) {
    problems.push(`replayed: answered ${status} after ${first}: ${preview(text)}`);
  }
  // No request the suite makes carries the victim's credentials.
  if (text.includes(secretTail)) problems.push(`the victim's content leaked: ${preview(text)}`);
  const asked = req.path + (req.bodyPreview ?? '');
  for (const id of victimIds) {
    if (text.includes(id) && !asked.includes(id))
      problems.push(`the victim's id ${id} leaked: ${preview(text)}`);
    // Named in the path (not a filter, which may rightly match nothing): never found.
    if (status >= 200 && status < 300 && req.path.split('?')[0]!.includes(id)) {
      problems.push(`${status} for the victim's ${id}: ${preview(text)}`);
    }
  }
  return problems;
}
