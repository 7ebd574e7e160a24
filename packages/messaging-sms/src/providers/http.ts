/** What {@link postHttp} got back: the status, the `Retry-After` header and the body text. */
export interface HttpReply {
  status: number;
  retryAfterSeconds: number | undefined;
  body: string;
}

/**
 * `Retry-After` in seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * POSTs with Node's `fetch` (undici, pooled keep-alive connections), aborted after `timeoutMs` or
 * when `signal` aborts. Network errors and timeouts throw (callers classify them as transient).
 */
export async function postHttp(
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number; signal?: AbortSignal },
): Promise<HttpReply> {
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const response = await fetch(url, {
    method: 'POST',
    headers: init.headers,
    body: init.body,
    signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
  });
  return {
    status: response.status,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
    body: await response.text(),
  };
}

/** The reason of a network failure (refused, reset, timed out) for a transient outcome. */
export function networkReason(provider: string, error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `${provider}: request timed out`;
  const detail = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
  return `${provider}: network error (${detail})`.slice(0, 1000);
}
