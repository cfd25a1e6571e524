// Structured JSON logs (pino). Request logs carry method, path, status and timing only: never a body
// (pupil text, passwords), a header (cookies) nor a query string (sign-on tickets and codes travel there).
import pino, { type DestinationStream, type Logger } from 'pino';

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
}

// One-time password reset links carry their token in the path (/reinitialisation/<token>).
const PATH_SECRETS = /^(\/reinitialisation\/|\/api\/password-resets\/)[^/]+/;
const maskPathSecrets = (path: string | undefined) => path?.replace(PATH_SECRETS, '$1[masqué]');

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tuteur' },
      redact: { paths: ['req.headers', 'res.headers', '*.password', '*.text', '*.cookie'], censor: '[masqué]' },
      serializers: {
        req: (req: LoggedRequest) => ({ method: req.method, path: maskPathSecrets(req.url?.split('?')[0]), remoteAddress: req.ip }),
      },
    },
    destination,
  );
}
