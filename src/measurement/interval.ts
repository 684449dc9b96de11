/** An estimate with its interval bounds (the one result style of the measurement module). */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}
