
/** The credit one channel receives from a model. */
export interface ChannelCredit {
  readonly channel: string;
  /** Attributed conversions. */
  readonly conversions: number;
  /** Attributed conversion value. */
  readonly value: number;
  /** `conversions / total.conversions` (0 when there are no conversions). */
  readonly share: number;
}

/**
 * The common shape of every model's result: per-channel credit sorted by conversions
 * (descending; ties by channel name), and the totals the credit sums to.
 */
export interface AttributionResult<M extends string = string> {
  readonly model: M;
  readonly channels: readonly ChannelCredit[];
  readonly total: { readonly conversions: number; readonly value: number };
}

/** Builds the sorted credit list (internal helper shared by the models). */
export function creditList(names: readonly string[], conversions: ArrayLike<number>, values: ArrayLike<number>, totalConversions: number): ChannelCredit[] {
  const out: ChannelCredit[] = [];
  for (let c = 0; c < names.length; c++) {
    const conv = conversions[c]!;
    out.push({ channel: names[c]!, conversions: conv, value: values[c]!, share: totalConversions > 0 ? conv / totalConversions : 0 });
  }
  out.sort((a, b) => b.conversions - a.conversions || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  return out;
}
