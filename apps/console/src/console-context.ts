import { createContext, useContext } from 'react';
import type { Api, RateLimitStatus } from './api/client';
import type { LiveSource } from './live/live-source';

/** What every view of a signed-in console uses. */
export interface ConsoleSession {
  api: Api;
  live: LiveSource;
  rateLimit: () => RateLimitStatus | undefined;
  signOut(): void;
}

export const SessionContext = createContext<ConsoleSession | null>(null);

export function useSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
