import type { Conversation, Message, MessageStatus } from '../api/client';

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(iso: string | null | undefined): string {
  return iso ? time.format(new Date(iso)) : '';
}

/** A channel's icon, with its name for screen readers. */
export function ChannelIcon({ channel }: { channel: Conversation['channel'] | Message['type'] }) {
  const email = channel === 'email';
  const voice = channel === 'voice' || channel === 'voicemail';
  const label = email ? 'Email' : voice ? 'Call' : 'SMS';
  return (
    <svg
      className="channel-icon"
      viewBox="0 0 24 24"
      role="img"
      aria-label={label}
      width="20"
      height="20"
    >
      {email ? (
        <path d="M3 5h18v14H3zM3 6l9 7 9-7" fill="none" stroke="currentColor" strokeWidth="2" />
      ) : voice ? (
        <path
          d="M6 3l3 4-2 2a12 12 0 0 0 8 8l2-2 4 3-2 3C10 21 3 14 3 5z"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        />
      ) : (
        <path d="M4 4h16v12H8l-4 4z" fill="none" stroke="currentColor" strokeWidth="2" />
      )}
    </svg>
  );
}

/** A message's status as a chip; its colour repeats what the text says. */
export function StatusChip({ status }: { status: MessageStatus }) {
  return (
    <span className={`chip chip-${status}`} data-status={status}>
      {status}
    </span>
  );
}

/**
 * `text` with every occurrence of the query's words marked: the search API matches words, so
 * the words (not the whole query) are what a person looks for in the result.
 */
export function Highlighted({ text, query }: { text: string; query: string }) {
  const words = query
    .toLowerCase()
    .replace(/["()]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && w !== 'or' && !w.startsWith('-'));
  if (words.length === 0) return <>{text}</>;
  const lower = text.toLowerCase();
  const parts: { text: string; match: boolean }[] = [];
  let at = 0;
  while (at < text.length) {
    let next = -1;
    let length = 0;
    for (const word of words) {
      const found = lower.indexOf(word, at);
      if (found !== -1 && (next === -1 || found < next)) {
        next = found;
        length = word.length;
      }
    }
    if (next === -1) break;
    if (next > at) parts.push({ text: text.slice(at, next), match: false });
    parts.push({ text: text.slice(next, next + length), match: true });
    at = next + length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return <>{parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}</>;
}
