/** One Server-Sent Event, as the stream's fields made it. */
export interface SseEvent {
  /** The `event:` field; `message` when the frame named none. */
  type: string;
  /** The `data:` lines, joined by newlines. */
  data: string;
  /** The last `id:` seen on the stream so far (it carries over to later events). */
  lastEventId: string;
}

export interface SseParser {
  /** Feeds decoded text, in whatever pieces it arrived; complete events are dispatched. */
  push(text: string): void;
  /** The last `id:` seen, to send as `Last-Event-ID` when reconnecting. */
  lastEventId(): string;
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
  /** The server's `retry:` (milliseconds to wait before reconnecting). */
  onRetry?(ms: number): void;
}

/**
 * Parses a `text/event-stream` the way browsers do (the HTML standard's "event stream
 * interpretation"): lines end in LF, CR or CRLF; `field: value` loses one space after the
 * colon; lines starting with `:` are comments (heartbeats); `data` lines add up, joined by
 * newlines; a blank line dispatches the event when it has data; an `id` containing NUL and a
 * `retry` that is not all digits are ignored; unknown fields are ignored. An event cut off by the
 * end of the stream is never dispatched.
 *
 * @example const parser = createSseParser({ onEvent: (e) => console.log(e.type, e.data) });
 */
export function createSseParser(handlers: SseHandlers, initialLastEventId = ''): SseParser {
  let buffer = '';
  /** A CR ended the last piece: an LF starting the next one belongs to it. */
  let pendingCr = false;
  let data: string[] = [];
  let type = '';
  let lastEventId = initialLastEventId;

  const dispatch = () => {
    if (data.length > 0) {
      handlers.onEvent({ type: type || 'message', data: data.join('\n'), lastEventId });
    }
    data = [];
    type = '';
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        break;
      case 'event':
        type = value;
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
        break;
    }
  };

  return {
    push(text) {
      if (pendingCr && text.startsWith('\n')) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i += 1) {
        const ch = buffer[i];
        if (ch !== '\n' && ch !== '\r') continue;
        line(buffer.slice(start, i));
        if (ch === '\r') {
          if (i + 1 === buffer.length) pendingCr = true;
          else if (buffer[i + 1] === '\n') i += 1;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    lastEventId: () => lastEventId,
  };
}
