import { describe, expect, it } from 'vitest';
import { jsonData, readSse, type SseEvent } from './sse';

function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const e of readSse(stream)) events.push(e);
  return events;
}

describe('readSse', () => {
  it('reads events split anywhere, CRLF split across chunks, comments and multi-line data', async () => {
    const events = await all(body(': keep-alive\n\nevent: a\nda', 'ta: {"x":1}\r', '\n\r\ndata: one\ndata: two\n\n'));
    expect(events).toEqual([
      { event: 'a', data: '{"x":1}' },
      { event: null, data: 'one\ntwo' },
    ]);
  });

  it('drops an event cut off by the end of the body', async () => {
    expect(await all(body('data: {"complete":true}\n\ndata: {"cut'))).toEqual([{ event: null, data: '{"complete":true}' }]);
  });

  it('reads JSON data, and gives null for a malformed line so the caller skips it', () => {
    expect(jsonData({ event: null, data: '{"a":1}' })).toEqual({ a: 1 });
    expect(jsonData({ event: null, data: '{"choices": [{"delta"' })).toBeNull();
    expect(jsonData({ event: null, data: '[1]' })).toBeNull();
  });
});
