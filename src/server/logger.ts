// Structured JSON logs (pino). Request logs carry method, url, status and timing only: never a body
// (pupil text, passwords) nor a header (cookies).
import pino, { type DestinationStream, type Logger } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tuteur' },
      redact: { paths: ['req.headers', 'res.headers', '*.password', '*.text', '*.cookie'], censor: '[masqué]' },
    },
    destination,
  );
}
