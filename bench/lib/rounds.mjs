// Rounds: every server of a scenario runs once per round, in an order rotated each round, so that a
// machine that slows down or speeds up during the run weighs on every server alike. A figure is the
// median of its rounds; each round is kept beside it, and the spread (lowest, highest) is read from them.

/** The servers in the order of round `round` (0-based): a rotation, so each server takes each place in turn. */
export function rotated(servers, round) {
  if (servers.length === 0) return [];
  const shift = round % servers.length;
  return [...servers.slice(shift), ...servers.slice(0, shift)];
}

/** The median of the finite numbers among values; null when there are none. */
export const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * One result from a scenario's rounds: each top-level number is the median of its rounds; everything else
 * (objects, strings) comes from the round whose `by` figure is the median one. `rounds` keeps every round.
 */
export function combineRounds(rounds, by) {
  if (rounds.length === 1) return { ...rounds[0], rounds };
  const ranked = [...rounds].sort((a, b) => (a[by] ?? Infinity) - (b[by] ?? Infinity));
  const combined = { ...ranked[Math.floor((ranked.length - 1) / 2)] };
  for (const [key, value] of Object.entries(combined)) {
    if (typeof value === 'number') combined[key] = median(rounds.map((round) => round[key]));
  }
  return { ...combined, rounds };
}

/** The lowest and highest of a figure over a result's rounds, or null when it ran once or has no such figure. */
export function spread(result, pick) {
  const values = (result?.rounds ?? []).map(pick).filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (values.length < 2) return null;
  return [Math.min(...values), Math.max(...values)];
}
