/** What the stream side reports about itself; the adapter decides how it is exposed. */
export abstract class StreamMetrics {
  abstract connectionOpened(): void;
  abstract connectionClosed(): void;
  /** The server ended a connection whose client did not read. */
  abstract connectionDropped(): void;
  abstract eventPublished(): void;
  abstract eventDelivered(): void;
  /** A message from the broker was not delivered; reason is one of a fixed few, fit for a label. */
  abstract brokerMessageDropped(reason: string): void;
}
