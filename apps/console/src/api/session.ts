/*
 * The credential lives in this tab's session storage only: never in a cookie, never in the URL.
 * Closing the tab signs out.
 */
const KEY = 'switchboard.console.credential';

export function storedCredential(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeCredential(credential: string): void {
  sessionStorage.setItem(KEY, credential);
}

export function forgetCredential(): void {
  sessionStorage.removeItem(KEY);
}

const SEEN = 'switchboard.console.seen';

/** When the operator last looked at each conversation: its `last_message_at` then. */
export function seenAt(conversationId: string): string | undefined {
  return readSeen()[conversationId];
}

export function markSeen(conversationId: string, lastMessageAt: string | null): void {
  if (!lastMessageAt) return;
  sessionStorage.setItem(SEEN, JSON.stringify({ ...readSeen(), [conversationId]: lastMessageAt }));
}

function readSeen(): Record<string, string> {
  try {
    return JSON.parse(sessionStorage.getItem(SEEN) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}
