import { describe, expect, it } from '@jest/globals';
import { createSseParser, type SseEvent } from './sse-parser';

function parse(pieces: string[], initialId?: string) {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = createSseParser(
    { onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) },
    initialId,
  );
  for (const piece of pieces) parser.push(piece);
  return { events, retries, lastEventId: parser.lastEventId() };
}

describe('createSseParser', () => {
  it('reads id, event and data fields and dispatches on a blank line', () => {
    const { events, lastEventId } = parse(['id: 7\nevent: message.received\ndata: {"a":1}\n\n']);
    expect(events).toEqual([{ type: 'message.received', data: '{"a":1}', lastEventId: '7' }]);
    expect(lastEventId).toBe('7');
  });

  it('joins multi-line data with newlines and defaults the type to message', () => {
    const { events } = parse(['data: one\ndata:two\ndata\n\n']);
    expect(events).toEqual([{ type: 'message', data: 'one\ntwo\n', lastEventId: '' }]);
  });

  it('ignores comments (heartbeats) and unknown fields', () => {
    const { events } = parse([': stream open\n\n: heartbeat\nfoo: bar\ndata: x\n\n']);
    expect(events.map((e) => e.data)).toEqual(['x']);
  });

  it('does not dispatch a frame without data, but keeps its id', () => {
    const { events, lastEventId } = parse(['id: 3\nevent: ping\n\n']);
    expect(events).toEqual([]);
    expect(lastEventId).toBe('3');
  });

  it('assembles events split anywhere across chunks, including between CR and LF', () => {
    const text = 'id: 1\r\nevent: a\r\ndata: hello\r\n\r\nid: 2\rdata: world\r\r';
    for (let cut = 1; cut < text.length; cut += 1) {
      const { events } = parse([text.slice(0, cut), text.slice(cut)]);
      expect(events).toEqual([
        { type: 'a', data: 'hello', lastEventId: '1' },
        { type: 'message', data: 'world', lastEventId: '2' },
      ]);
    }
  });

  it('keeps the last id across events and starts from the one it is given', () => {
    const { events } = parse(['data: a\n\nid: 9\ndata: b\n\ndata: c\n\n'], '5');
    expect(events.map((e) => e.lastEventId)).toEqual(['5', '9', '9']);
  });

  it('ignores an id containing NUL and strips only one leading space', () => {
    const { events } = parse(['id: 4\n\nid: 5\0\ndata:  two spaces\n\n']);
    expect(events).toEqual([{ type: 'message', data: ' two spaces', lastEventId: '4' }]);
  });

  it('reports a numeric retry and ignores any other', () => {
    const { retries } = parse(['retry: 3000\nretry: 2s\nretry:\n\n']);
    expect(retries).toEqual([3000]);
  });

  it('never dispatches an event cut off before its blank line', () => {
    const { events } = parse(['data: done\n\ndata: half']);
    expect(events.map((e) => e.data)).toEqual(['done']);
  });
});
