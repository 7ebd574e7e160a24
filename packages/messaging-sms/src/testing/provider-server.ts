import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A failure a test server can be told to answer for a number. */
export type SimulatedFailure =
  | 'rate_limit'
  | 'invalid_number'
  | 'not_mobile'
  | 'unsubscribed'
  | 'server_error';

/** How a simulated failure behaves. */
export interface FailureRule {
  kind: SimulatedFailure;
  /** Fail this many times, then accept (default: always). */
  times?: number;
  /** `Retry-After` of a rate limit, in seconds (default 1). */
  retryAfterSeconds?: number;
}

/** A parsed request: its path, headers and form (or JSON) fields. */
export interface ParsedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  fields: Record<string, string>;
}

/** The reply a provider server sends. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * The common part of the local provider servers: a real `node:http` server on 127.0.0.1 (a free
 * port), keep-alive, form and JSON bodies, failures per number. Kept lean so that a benchmark can
 * push tens of thousands of requests through it.
 */
export abstract class ProviderServer {
  private server: Server | undefined;
  private readonly failures = new Map<string, FailureRule>();
  /** Requests answered, successful or not. */
  requests = 0;

  /** The base URL to configure a transport with, e.g. `http://127.0.0.1:54321`. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('The test server is not listening: call start() first');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Starts listening on a free port. */
  async start(): Promise<this> {
    const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      void this.serve(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this;
  }

  /** Answers requests for `number` (E.164, with or without `+`) with a failure. */
  failFor(number: string, rule: FailureRule | SimulatedFailure): void {
    this.failures.set(number.replace(/^\+/, ''), typeof rule === 'string' ? { kind: rule } : { ...rule });
  }

  /** Forgets every simulated failure and everything received. */
  reset(): void {
    this.failures.clear();
    this.requests = 0;
    this.clearReceived();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The failure to simulate for a number now, if any (counting down `times`). */
  protected failureFor(number: string): FailureRule | undefined {
    const key = number.replace(/^\+/, '');
    const rule = this.failures.get(key);
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.failures.delete(key);
    }
    return rule;
  }

  protected abstract handle(request: ParsedRequest): Reply;
  protected abstract clearReceived(): void;

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const fields: Record<string, string> = Object.fromEntries(url.searchParams);
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/json') && text) {
      try {
        for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>))
          fields[k] = String(v);
      } catch {
        // A broken JSON body leaves the fields empty: the provider then reports missing parameters.
      }
    } else if (text) {
      for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
    }
    this.requests += 1;
    const reply = this.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      fields,
    });
    const body = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      ...reply.headers,
    });
    res.end(body);
  }
}
