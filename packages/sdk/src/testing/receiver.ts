import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message } from '../message.js';

/** One request the receiver got on /v1/batch. */
export type ReceivedBatch = {
  at: number;
  headers: IncomingHttpHeaders;
  /** The body as parsed JSON (undefined when it was not JSON). */
  body: { batch: Message[]; sentAt: string; writeKey?: string } | undefined;
  status: number;
};

/** How to answer one request: a status (with optional headers) or 'destroy' (drop the socket: a network error). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'destroy';

export type StaticFile = { type: string; body: string };

export type Receiver = {
  url: string;
  batches: ReceivedBatch[];
  /** Every message of every accepted (2xx) request, in arrival order. */
  messages(): Message[];
  /** Answers the next requests with these, in order; afterwards 200. */
  answerNext(...answers: Answer[]): void;
  /** Decides the answer per request (overrides answerNext while set). */
  answerWith(decide: ((body: ReceivedBatch['body']) => Answer) | undefined): void;
  /** Resolves once `predicate` holds for the accepted messages, or rejects after timeoutMs. */
  waitFor(predicate: (messages: Message[]) => boolean, timeoutMs?: number): Promise<Message[]>;
  close(): Promise<void>;
};

/**
 * A real HTTP server on 127.0.0.1 standing in for the ingestion endpoint: records every POST /v1/batch and answers
 * as told; also serves static files (the browser test's page and bundle) from the same origin.
 */
export async function startReceiver(files: Record<string, StaticFile> = {}): Promise<Receiver> {
  const batches: ReceivedBatch[] = [];
  const queued: Answer[] = [];
  let decide: ((body: ReceivedBatch['body']) => Answer) | undefined;
  const waiters = new Set<() => void>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET') {
      const file = files[path];
      res.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain', 'cache-control': 'no-store' });
      res.end(file?.body ?? 'not found');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: ReceivedBatch['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedBatch['body'];
    } catch {
      body = undefined;
    }
    const answer: Answer = decide ? decide(body) : (queued.shift() ?? { status: 200 });
    if (answer === 'destroy') {
      batches.push({ at: Date.now(), headers: req.headers, body, status: 0 });
      req.socket.destroy();
      return;
    }
    batches.push({ at: Date.now(), headers: req.headers, body, status: answer.status });
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? JSON.stringify({ success: answer.status < 300 }));
    for (const wake of waiters) wake();
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const messages = () =>
    batches.filter((b) => b.status >= 200 && b.status < 300).flatMap((b) => (b.body ? b.body.batch : []));

  return {
    url: `http://127.0.0.1:${port}`,
    batches,
    messages,
    answerNext: (...answers) => queued.push(...answers),
    answerWith: (fn) => {
      decide = fn;
    },
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(messages())) return;
          cleanup();
          resolve(messages());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`receiver: condition not met within ${timeoutMs} ms (${messages().length} messages)`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
