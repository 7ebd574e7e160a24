import pg from 'pg';

/** Runs `fn` with a short-lived client connected to `url`, and always closes it. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A server going away (the embedded one stopping) must not crash the test process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** `url` with another database, and optionally other credentials. */
export function withDatabase(
  url: string,
  database: string,
  credentials?: { user: string; password: string },
): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(database)}`;
  if (credentials) {
    next.username = encodeURIComponent(credentials.user);
    next.password = encodeURIComponent(credentials.password);
  }
  return next.toString();
}

/** Quotes an identifier for SQL. */
export function ident(name: string): string {
  return pg.escapeIdentifier(name);
}

/** Quotes a string literal for SQL (for statements that take no parameters, such as CREATE ROLE). */
export function literal(value: string): string {
  return pg.escapeLiteral(value);
}
