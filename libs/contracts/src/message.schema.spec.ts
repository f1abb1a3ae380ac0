import { MESSAGE_STATUSES, canTransition, type MessageStatus } from './message.schema';

/** Every move a message may make; anything not listed must be refused. */
const ALLOWED: Readonly<Record<MessageStatus, readonly MessageStatus[]>> = {
  queued: ['sending', 'sent', 'delivered', 'undelivered', 'failed'],
  sending: ['sent', 'delivered', 'undelivered', 'failed'],
  sent: ['delivered', 'undelivered', 'failed', 'read'],
  delivered: ['read'],
  undelivered: [],
  failed: [],
  read: [],
  received: [],
};

describe('canTransition', () => {
  it('walks the happy path queued → sending → sent → delivered → read', () => {
    const path: MessageStatus[] = ['queued', 'sending', 'sent', 'delivered', 'read'];
    for (let i = 1; i < path.length; i++) {
      expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
    }
  });

  it('lets a status skip ahead when intermediate callbacks are lost', () => {
    expect(canTransition('queued', 'delivered')).toBe(true);
    expect(canTransition('sending', 'delivered')).toBe(true);
    expect(canTransition('queued', 'failed')).toBe(true);
  });

  it('refuses a late `sent` callback arriving after `delivered`', () => {
    expect(canTransition('delivered', 'sent')).toBe(false);
    expect(canTransition('delivered', 'sending')).toBe(false);
    expect(canTransition('delivered', 'queued')).toBe(false);
  });

  it('allows `read` only after the message was sent or delivered', () => {
    expect(canTransition('delivered', 'read')).toBe(true);
    expect(canTransition('sent', 'read')).toBe(true);
    for (const from of [
      'queued',
      'sending',
      'failed',
      'undelivered',
      'read',
      'received',
    ] as const) {
      expect(canTransition(from, 'read')).toBe(false);
    }
  });

  it('lets a sent message still fail or go undelivered', () => {
    expect(canTransition('sent', 'failed')).toBe(true);
    expect(canTransition('sent', 'undelivered')).toBe(true);
  });

  it('never moves between terminal outcomes of the same rank', () => {
    expect(canTransition('delivered', 'failed')).toBe(false);
    expect(canTransition('failed', 'delivered')).toBe(false);
    expect(canTransition('undelivered', 'failed')).toBe(false);
    expect(canTransition('failed', 'undelivered')).toBe(false);
  });

  it('never leaves `received`, and nothing outbound becomes `received`', () => {
    for (const status of MESSAGE_STATUSES) {
      expect(canTransition('received', status)).toBe(false);
      expect(canTransition(status, 'received')).toBe(false);
    }
  });

  it('refuses staying in the same status (a duplicate callback is not a transition)', () => {
    for (const status of MESSAGE_STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('matches the full transition table for every pair of statuses', () => {
    const actual = MESSAGE_STATUSES.flatMap((from) =>
      MESSAGE_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from} → ${to}`),
    );
    const expected = MESSAGE_STATUSES.flatMap((from) =>
      ALLOWED[from].map((to) => `${from} → ${to}`),
    );
    expect(actual.sort()).toEqual(expected.sort());
  });
});
