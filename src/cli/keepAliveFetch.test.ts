// The CLI's HTTP client over real HTTP on 127.0.0.1. The adapters' own tests (providers/adapters.test.ts)
// also run every adapter, SDKs included, over it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from './keepAliveFetch';

let server: Server;
let base: string;
let connections = 0;
const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/moved') res.writeHead(307, { location: '/echo' }).end();
      else if (req.url === '/empty') res.writeHead(204).end();
      else if (req.url === '/hang') res.flushHeaders();
      else res.writeHead(201, { 'content-type': 'application/json', 'x-one': 'a' }).end(JSON.stringify({ got: body, url: req.url }));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('keepAliveFetch', () => {
  it('sends the method, headers and body, and answers with a real Response', async () => {
    const res = await keepAliveFetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Encoding': 'gzip', Authorization: 'Bearer k' },
      body: 'héllo',
    });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(201);
    expect(res.headers.get('x-one')).toBe('a');
    expect(await res.json()).toEqual({ got: 'héllo', url: '/echo' });
    const sent = seen.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe('Bearer k');
    // Compression is never asked for: node:http would hand the bytes over undecoded.
    expect(sent.headers['accept-encoding']).toBeUndefined();
  });

  it('reuses one connection for requests one after another', async () => {
    await (await keepAliveFetch(`${base}/echo`)).text();
    const before = connections;
    for (let i = 0; i < 20; i++) await (await keepAliveFetch(`${base}/echo`, { method: 'POST', body: String(i) })).text();
    expect(connections).toBe(before);
  });

  it('follows a redirect through the global fetch', async () => {
    const res = await keepAliveFetch(`${base}/moved`, { method: 'POST', body: 'again' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ got: 'again', url: '/echo' });
  });

  it('gives a 204 a null body', async () => {
    const res = await keepAliveFetch(`${base}/empty`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });

  it('rejects with the signal reason when aborted, before or after the headers', async () => {
    const reason = new Error('stop now');
    const early = new AbortController();
    early.abort(reason);
    await expect(keepAliveFetch(`${base}/echo`, { signal: early.signal })).rejects.toBe(reason);

    const late = new AbortController();
    const res = await keepAliveFetch(`${base}/hang`, { signal: late.signal });
    const reading = res.text();
    late.abort(reason);
    await expect(reading).rejects.toBeDefined();
  });

  it('fails like fetch when nothing listens', async () => {
    const e = await keepAliveFetch('http://127.0.0.1:9/').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toBe('fetch failed');
  });
});
