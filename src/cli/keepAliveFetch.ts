/**
 * A fetch for the CLI on node:http(s) with keep-alive agents, handed to the provider adapters.
 *
 * Engine cost target (1.5 ms of CPU per call for a whole 3,600-call run, issue #17 item 7):
 * Node's built-in fetch spends about 0.85 ms of CPU on each request to the provider test server,
 * most of it in the WHATWG machinery around the request (Request objects, stream plumbing);
 * node:http on a keep-alive agent spends about 0.2 ms, and wrapping its answer in a real
 * Response adds about 0.2 ms more. The adapters and their SDKs still get a real Response, so
 * nothing above this file changes.
 *
 * It covers what the adapters send: a URL, a method, headers and a string or byte body. Anything
 * else (a Request object, a streamed or form body, another scheme) and every redirect go to the
 * global fetch, which handles them as the spec says. Compression is not asked for, so bodies
 * arrive as they are.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

// One connection pool per scheme for the process: reusing sockets is most of the saving.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);

export const keepAliveFetch: typeof fetch = (input, init = {}) => {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : null;
  const body = init.body;
  const plainBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
  if (!url || !plainBody || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fetch(input, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);

  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    // Asked-for compression would come back undecoded: node:http does not inflate.
    if (name !== 'accept-encoding') headers[name] = value;
  });
  if (body != null) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);

  return new Promise<Response>((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method ?? 'GET', headers, agent: secure ? httpsAgent : httpAgent });
    const onAbort = () => {
      req.destroy(signal!.reason instanceof Error ? signal!.reason : undefined);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (e) => {
      done();
      reject(new TypeError('fetch failed', { cause: e }));
    });
    req.on('response', (res) => {
      if (REDIRECT.has(res.statusCode ?? 0) && res.headers.location && init.redirect !== 'manual') {
        res.resume();
        done();
        resolve(fetch(input, init));
        return;
      }
      res.on('close', done);
      resolve(responseOf(res));
    });
    req.end(body ?? undefined);
  });
};

function responseOf(res: IncomingMessage): Response {
  const status = res.statusCode ?? 0;
  const headers: [string, string][] = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
  if (NULL_BODY.has(status)) res.resume();
  const body = NULL_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}
