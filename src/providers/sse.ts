/** A small server-sent events reader (the subset LLM APIs use: event, data, comments). */

export interface SseEvent {
  event: string | null;
  data: string;
}

/**
 * Yields each complete event. An event cut off by the end of the body is dropped, as the SSE
 * spec says, so a half-sent JSON chunk never reaches the parser.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let event: string | null = null;
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        // A lone CR at the end may be the first half of a CRLF split across chunks.
        if (end < 0 || (end === buffer.length - 1 && buffer[end] === '\r')) break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) yield { event, data: data.join('\n') };
          data = [];
          event = null;
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') data.push(text);
          else if (field === 'event') event = text;
        }
      }
    }
  } finally {
    // Leaving early (the caller saw its end marker, or threw) must close the connection.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/**
 * An event's data as a JSON object; null when it is not one. Callers skip such an event: one
 * malformed line from a proxy or a buggy server should not throw away the rest of the answer.
 */
export function jsonData(event: SseEvent): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(event.data);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
