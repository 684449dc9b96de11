import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Rows of ChannelAttribution's example `Data` (see test/fixtures/attribution/README.md), as strings. */
export function readChannelAttributionData(): Record<string, string>[] {
  const text = readFileSync(fileURLToPath(new URL('../fixtures/attribution/Data.csv', import.meta.url)), 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const head = lines[0]!.split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    const row: Record<string, string> = {};
    head.forEach((h, i) => { row[h] = cells[i]!; });
    return row;
  });
}

export const DATA_COLUMNS = { conversions: 'total_conversions', value: 'total_conversion_value', nulls: 'total_null' } as const;

/**
 * First / last / linear conversions and values on ChannelAttribution's `Data`, computed
 * independently in Python 3 (csv module; exact rational arithmetic with fractions.Fraction,
 * printed as float): path split on '>', tokens stripped, empty dropped; first/last = row totals to
 * the first/last token; linear = row totals / path length to every token (repeats counted each time).
 * Totals: 19,785 conversions, 74,802.97158721084 value, 68,602 nulls.
 * Columns: first, last, linear conversions; first, last, linear value.
 */
export const DATA_HEURISTICS: Record<string, [number, number, number, number, number, number]> = {
  alpha: [6308, 8447, 7574.718593751175, 19121.272355798723, 28414.21427436393, 24524.709568833514],
  beta: [2831, 989, 2083.500144589048, 12235.5917443553, 3850.020987258204, 8954.266716607715],
  delta: [1, 5, 1.7249999999999999, 6.119, 10.972, 4.404050000000001],
  epsilon: [99, 531, 272.17043772045923, 412.30124285714277, 2202.612289285718, 1106.2700652665435],
  eta: [3164, 4167, 3539.9511571005764, 11909.47621303163, 16754.203800105723, 13783.497050920156],
  gamma: [165, 92, 121.04163902026706, 718.9779918300652, 506.0139918300656, 569.4173578910572],
  iota: [4606, 3355, 3857.096221017706, 19597.261276975205, 13487.97427135771, 15988.988995023497],
  kappa: [74, 230, 137.96407792227836, 305.74325, 1069.38425, 599.7477862552656],
  lambda: [902, 1207, 1035.257572285534, 3735.602164915967, 5249.949985427813, 4430.316169428424],
  mi: [2, 2, 2.2222222222222223, 5.273, 5.273, 6.081444444444444],
  theta: [1606, 653, 1022.8013939042202, 6652.349347446829, 2799.091987581701, 4295.743619487216],
  zeta: [27, 107, 136.55154046644455, 103.004, 453.26075000000003, 539.5287630528443],
};
