// Sends one e-mail through the school's SMTP relay with nodemailer. The TCP connection is opened here, through
// the egress guard's checks (its name resolution refuses any address outside the local network and the
// allowlist, at every connection), then handed to nodemailer, which does TLS, STARTTLS and SMTP.
import { connect, isIP, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { EgressRefusedError, type EgressGuard } from '../../net/egress-guard.ts';
import type { SmtpConfig } from './smtp.config.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface SmtpSenderOptions {
  /** Connection set-up (name resolution, TCP, greeting). Default 10 s. */
  connectTimeoutMs?: number;
  /** Silence from the relay during the session. Default 20 s. */
  socketTimeoutMs?: number;
}

type SocketCallback = (error: Error | null, socketOptions?: { connection: Socket } | false) => void;

function guardedSocket(guard: EgressGuard, host: string, port: number, timeoutMs: number, callback: SocketCallback): void {
  // A literal address skips `lookup` inside net.connect: judged here, as the guard does for HTTP.
  if (isIP(host) !== 0 && !guard.isAllowedAddress(host)) {
    callback(new EgressRefusedError(host, 'address', `Connexion refusée vers « ${host} » : adresse hors du réseau autorisé.`));
    return;
  }
  const socket = connect({ host, port, lookup: guard.lookup, timeout: timeoutMs });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error);
  };
  socket.once('error', fail);
  socket.once('timeout', () => fail(Object.assign(new Error('connection timed out'), { code: 'ETIMEDOUT' })));
  socket.once('connect', () => {
    socket.removeListener('error', fail);
    socket.removeAllListeners('timeout');
    socket.setTimeout(0);
    callback(null, { connection: socket });
  });
}

export function createSmtpSender(smtp: SmtpConfig, guard: EgressGuard, options: SmtpSenderOptions = {}): MailSender {
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ...(smtp.user !== undefined && smtp.password !== undefined ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    connectionTimeout: connectTimeout,
    greetingTimeout: connectTimeout,
    socketTimeout: options.socketTimeoutMs ?? 20_000,
    // Our messages are plain text we wrote: nothing may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    getSocket: (_options, callback) => guardedSocket(guard, smtp.host, smtp.port, connectTimeout, callback as SocketCallback),
  });
  return {
    async send(mail) {
      await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
