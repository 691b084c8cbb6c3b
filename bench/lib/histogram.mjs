// Latency histogram in microseconds: 10 µs buckets up to 100 ms, 1 ms buckets up to 10 s, then one
// overflow bucket. Cheap to record in the clients, merged by the runner, exact max kept aside.
const FINE = 10_000; // 0 .. 100 ms by 10 µs
const COARSE = 9_900; // 100 ms .. 10 s by 1 ms
export const BUCKETS = FINE + COARSE + 1;

export class Histogram {
  constructor(counts = new Float64Array(BUCKETS), max = 0, count = 0, sum = 0) {
    this.counts = counts;
    this.max = max;
    this.count = count;
    this.sum = sum;
  }

  record(micros) {
    const value = micros < 0 ? 0 : micros;
    let bucket;
    if (value < 100_000) bucket = Math.floor(value / 10);
    else if (value < 10_000_000) bucket = FINE + Math.floor((value - 100_000) / 1000);
    else bucket = BUCKETS - 1;
    this.counts[bucket] += 1;
    this.count += 1;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  toJSON() {
    return { counts: this.counts, max: this.max, count: this.count, sum: this.sum };
  }

  static from({ counts, max, count, sum }) {
    return new Histogram(Float64Array.from(counts), max, count, sum);
  }

  add(other) {
    for (let i = 0; i < BUCKETS; i += 1) this.counts[i] += other.counts[i];
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /** The upper edge of the bucket holding quantile q, in microseconds (never above the max seen). */
  percentile(q) {
    if (this.count === 0) return null;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i += 1) {
      seen += this.counts[i];
      if (seen >= rank) {
        const upper = i < FINE ? (i + 1) * 10 : i < BUCKETS - 1 ? 100_000 + (i - FINE + 1) * 1000 : this.max;
        return Math.min(upper, this.max);
      }
    }
    return this.max;
  }
}
