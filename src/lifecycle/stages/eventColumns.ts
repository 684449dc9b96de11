import type { CodeColumn } from '../../core/index.js';
import { badColumn, checkEventColumnsShape } from '../../core/internal/eventColumns.js';
import type { CompiledModel, EncodedEvents } from './internal/columnar.js';

/** Columns checked by {@link checkColumns}: the caller's arrays and per-dictionary-entry rule masks. */
export interface CheckedColumns {
  readonly n: number;
  readonly personIds: readonly string[];
  readonly person: Int32Array;
  readonly time: Float64Array;
  readonly type: CodeColumn;
  /** Rule mask of each event-type code. */
  readonly typeMask: Int32Array;
  /** When a rule filters channels: the channel column and, per channel code, its rule mask ORed with the rules that do not filter channels. */
  readonly channel: CodeColumn | undefined;
  readonly channelMask: Int32Array | undefined;
}

/** The rule mask of row i of checked columns. */
export function rowMask(x: CheckedColumns, i: number): number {
  const tm = x.typeMask[x.type[i]!]!;
  return x.channelMask === undefined ? tm : tm & x.channelMask[x.channel![i]!]!;
}

/**
 * Checks columns at the boundary (shape, equal lengths, person and dictionary codes in range,
 * finite times, types and — when a rule filters channels — channels known to the model) in one
 * pass without allocating anything per row: the arrays are used as they are, rule masks come from
 * small per-dictionary-entry tables ({@link rowMask}). Errors name `columns.<column>[row]`.
 */
export function checkColumns(input: unknown, c: CompiledModel): CheckedColumns {
  const { n, personIds, person, time, eventTypes, type, channels: chNames, channel } = checkEventColumnsShape(input, c.channelFiltered ? { channel: 'the model filters by channel' } : {});
  // Per dictionary code: the rule mask of the name (-1 = not in the model's vocabulary).
  const typeMask = new Int32Array(eventTypes.length);
  for (let k = 0; k < eventTypes.length; k++) typeMask[k] = c.typeMask.get(eventTypes[k]!) ?? -1;
  let chMask: Int32Array | undefined, chCodes: CodeColumn | undefined, channels: readonly string[] | undefined;
  if (c.channelFiltered) {
    channels = chNames!;
    chMask = new Int32Array(channels.length);
    for (let k = 0; k < channels.length; k++) {
      const ch = channels[k]!;
      const m = c.channelMask.get(ch);
      // -1: a name outside the model's channel vocabulary (an error only if a row uses it).
      chMask[k] = m !== undefined ? m | c.unfilteredMask : c.channelVocabulary !== undefined && !c.channelVocabulary.has(ch) ? -1 : c.unfilteredMask;
    }
    chCodes = channel;
  }
  const P = personIds.length, T = eventTypes.length, C = channels?.length ?? 0;
  for (let i = 0; i < n; i++) {
    const p = person[i]!;
    if (!(p >= 0 && p < P)) throw badColumn(['person', i], `must be a person index in [0, ${P})`);
    if (!Number.isFinite(time[i]!)) throw badColumn(['time', i], 'must be a finite time in epoch ms');
    const tc = type[i]!;
    if (!(tc >= 0 && tc < T)) throw badColumn(['type', i], `must be an event-type code in [0, ${T})`);
    if (typeMask[tc] === -1) throw badColumn(['type', i], `is an unknown event type ${JSON.stringify(eventTypes[tc]!.slice(0, 40))}: not in the model's eventTypes`);
    if (chMask === undefined) continue;
    const cc = chCodes![i]!;
    if (cc < 0) throw badColumn(['channel', i], 'is missing (the model filters by channel)');
    if (cc >= C) throw badColumn(['channel', i], `must be a channel code in [0, ${C})`);
    if (chMask[cc] === -1) throw badColumn(['channel', i], `is an unknown channel ${JSON.stringify(channels![cc]!.slice(0, 40))}: not in the model's channels`);
  }
  return { n, personIds, person, time, type, typeMask, channel: chCodes, channelMask: chMask };
}

/** {@link checkColumns}, then the rule mask of every row as a column (for the transition sweep, which groups rows by person). */
export function encodeColumns(input: unknown, c: CompiledModel): EncodedEvents {
  const x = checkColumns(input, c), n = x.n;
  const mask = new Uint32Array(n);
  for (let i = 0; i < n; i++) mask[i] = rowMask(x, i);
  return { n, personIndex: x.person, time: x.time, mask, personIds: x.personIds };
}
