import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** One message the test server accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/**
 * What the server does with a recipient: accept it, reply with an SMTP error (4xx temporary, 5xx
 * permanent) at `RCPT TO`, or drop the connection during `DATA`.
 */
export type Behaviour = 'accept' | 'drop' | { code: number; message: string };

/** Decides per recipient and attempt (1 for the first time the server sees that recipient). */
export type Decide = (recipient: string, attempt: number) => Behaviour;

/** A real SMTP server on 127.0.0.1 (smtp-server), recording what it received, parsed with mailparser. */
export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** How often each recipient was presented (accepted or not). */
  attempts: Map<string, number>;
  /** Changes the behaviour for what follows. */
  decide(fn: Decide): void;
  /** The messages received for one recipient. */
  to(recipient: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * Starts a server on a free loopback port; it accepts everything until told otherwise.
 *
 * @example
 * const smtp = await startSmtpServer();
 * // emailPlugin.configure({ smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true }, … })
 * expect(smtp.to('ada@example.com')[0]?.parsed.subject).toBe('Hello');
 * await smtp.close();
 */
export async function startSmtpServer(decide: Decide = () => 'accept'): Promise<TestSmtpServer> {
  let current = decide;
  const received: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const outcomes = new Map<string, Behaviour>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    closeTimeout: 1000,
    onRcptTo(address, session, callback) {
      const rcpt = address.address.toLowerCase();
      const attempt = (attempts.get(rcpt) ?? 0) + 1;
      attempts.set(rcpt, attempt);
      const behaviour = current(rcpt, attempt);
      outcomes.set(`${session.id}:${rcpt}`, behaviour);
      if (typeof behaviour === 'object') {
        const error = Object.assign(new Error(behaviour.message), { responseCode: behaviour.code });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        if (recipients.some((r) => outcomes.get(`${session.id}:${r}`) === 'drop')) {
          dropConnection(server, session);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: recipients,
            raw,
            parsed: await simpleParser(raw),
          });
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('The SMTP server has no port');
  return {
    port: address.port,
    received,
    attempts,
    decide(fn) {
      current = fn;
    },
    to: (recipient) => received.filter((mail) => mail.to.includes(recipient.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Destroys the TCP connection of a session, as a crashing or unreachable server would. */
function dropConnection(server: SMTPServer, session: SMTPServerSession): void {
  for (const connection of server.connections as Set<{ id: string; _socket: { destroy(): void } }>) {
    if (connection.id === session.id) connection._socket.destroy();
  }
}
