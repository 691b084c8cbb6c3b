import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogFormatSetting, LogLevelSetting } from '../../config/environment.js';
import { logDestination, logFormat } from './log-destination.js';
import { requestIdMixin } from './request-context.js';

// LOG_LEVEL speaks Nest's names; pino's are the same but for these two.
const PINO_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const satisfies Record<LogLevelSetting, string>;

export interface LoggingSettings {
  readonly level: LogLevelSetting;
  readonly format: LogFormatSetting | null;
}

/** The process's one pino logger: Nest's lines, the request lines and the stream lines all go through it. */
export function createRootLogger({ level, format }: LoggingSettings, destination?: DestinationStream): Logger {
  const chosen = logFormat(format);
  return pino(
    {
      level: PINO_LEVELS[level],
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: requestIdMixin,
      // "level":"info" reads better in a log store than 30; pino-pretty wants the numbers.
      formatters: chosen === 'json' ? { level: (label) => ({ level: label }) } : {},
    },
    destination ?? logDestination(chosen),
  );
}
