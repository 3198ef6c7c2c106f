import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** The account the test mail server takes. */
export const MAIL_USER = 'ordergate';
export const MAIL_PASS = 'mail-secret-8c1d';

/** One message as the server received it. */
export interface Delivered {
  from: string;
  to: string[];
  raw: Buffer;
}

const servers: SMTPServer[] = [];

/** A real SMTP server on loopback with AUTH; `nobody@` is refused for good, `later@` greylisted. */
export async function mailServer(): Promise<{ port: number; inbox: Delivered[]; server: SMTPServer }> {
  const inbox: Delivered[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'], // plain loopback; AUTH over it needs allowInsecureAuth
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === MAIL_USER && auth.password === MAIL_PASS)
        return callback(null, { user: MAIL_USER });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@'))
        return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      if (address.address.startsWith('later@'))
        return callback(Object.assign(new Error('Greylisted, try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  // a client killed mid-session (the crash tests SIGKILL the gateway) resets its connection: smtp-server
  // reports that on the server, and without a listener it would end the test run as an uncaught error
  server.on('error', () => {});
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, inbox, server };
}

/** Closes every mail server started so far. */
export async function closeMailServers(): Promise<void> {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
}
