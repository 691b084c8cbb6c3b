import { pino, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormatSetting } from '../../config/environment.js';

interface Terminal {
  readonly isTTY?: boolean;
}

/** LOG_FORMAT when set; otherwise pretty for a person at a terminal outside production, JSON for everything else. */
export function logFormat(setting: LogFormatSetting | null, stdout: Terminal = process.stdout, nodeEnv = process.env.NODE_ENV): LogFormatSetting {
  return setting ?? (nodeEnv !== 'production' && stdout.isTTY === true ? 'pretty' : 'json');
}

/** Standard output, as one JSON object per line or as readable text. */
export function logDestination(format: LogFormatSetting): DestinationStream {
  // Asynchronous: a request never waits for its line to be written; pino flushes what is left when the process exits.
  if (format === 'json') return pino.destination({ fd: 1, sync: false });
  return pretty({
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
    sync: true,
  });
}
