import { openSharedStream } from './herald-stream.js';

const ignore = (): void => undefined;

describe('openSharedStream', () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p as the position to start after, before it opens anything', (after) => {
    expect(() => openSharedStream({ after, onEvent: ignore, onReset: ignore, onState: ignore })).toThrow(RangeError);
  });
});
