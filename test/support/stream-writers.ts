import { SSE_WRITERS, type SseWriter } from '../../src/config/environment.js';

/**
 * The stream suites run once per writer (describe.each(STREAM_WRITERS)): the contract holds for both adapters.
 * Only the suites about the stream are parameterised, so that npm test does not double in time.
 */
export const STREAM_WRITERS: readonly SseWriter[] = SSE_WRITERS;

/** The setting that boots an application with this writer. */
export const writtenBy = (writer: SseWriter) => ({ SSE_WRITER: writer }) as const;
