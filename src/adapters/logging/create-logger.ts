import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS, CENSOR, redactUrl, scrubLine } from './redact.ts';

export interface LoggerOptions {
  readonly level: string;
  /** Defaults to stdout; tests pass a stream to capture every line. */
  readonly destination?: DestinationStream;
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  headers?: Record<string, unknown>;
}

/** The process logger: JSON lines, secrets censored by path and scrubbed by shape (see redact.ts). */
export function createLogger(options: LoggerOptions): Logger {
  return pino({
    level: options.level,
    base: { service: 'capstan' },
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: {
      req: (req: RequestLike) => ({ method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.ip }),
      err: pino.stdSerializers.err,
    },
    hooks: { streamWrite: scrubLine },
  }, options.destination ?? pino.destination({ dest: 1, sync: false }));
}
