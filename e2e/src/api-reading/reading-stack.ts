import type { MessageResource } from '@switchboard/contracts';
import { eventually, startStack, type Stack } from '@switchboard/testing';
import { api, type ApiResponse } from '../api-client';

/** Outcomes at or past `sent`: a status callback may already have moved the message on. */
const SENT_OR_LATER = ['sent', 'delivered', 'read'];

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** The stack the reading suites share, and how they call it. Filled in by `useReadingStack`. */
export class ReadingStack {
  stack!: Stack;
  gateway!: string;

  readonly get = <T>(path: string) => api<T>(this.gateway, 'GET', path);

  readonly send = async (body: Record<string, unknown>): Promise<MessageResource> => {
    const res = await api<MessageResource>(this.gateway, 'POST', '/api/v1/messages/send', body);
    expect(res.status).toBe(201);
    return res.body;
  };

  readonly untilSent = async (ids: readonly string[]): Promise<MessageResource[]> => {
    const { get } = this;
    return Promise.all(
      ids.map((id) =>
        eventually(
          async () => (await get<MessageResource>(`/api/v1/messages/${id}`)).body,
          (m) => SENT_OR_LATER.includes(m.status),
          { what: `message ${id} sent` },
        ),
      ),
    );
  };

  /** Follows `next_cursor` to the end, returning every page. */
  readonly allPages = async <T>(path: string): Promise<Page<T>[]> => {
    const { get } = this;
    const pages: Page<T>[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const res: ApiResponse<Page<T>> = await get<Page<T>>(
        cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path,
      );
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.next_cursor;
      if (pages.length > 50) throw new Error(`${path} never ends`);
    } while (cursor);
    return pages;
  };
}

/** Boots the whole stack before the suites and stops it after them. */
export function useReadingStack(): ReadingStack {
  const suite = new ReadingStack();
  beforeAll(async () => {
    suite.stack = await startStack();
    suite.gateway = suite.stack.url('gateway');
  });

  afterAll(async () => {
    await suite.stack?.stop();
  });
  return suite;
}
