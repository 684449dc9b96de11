import { createRng, parseWith, type Rng } from '../core/index.js';
import { markDistinct } from '../core/internal/eventColumns.js';
import { CAMPAIGNS, intensityTable } from './internal/campaigns.js';
import { IdentityGenerator } from './internal/identityGraph.js';
import { AGE_BANDS, CITIES, INTERESTS, OWN_INTEREST_PROBABILITY, SEGMENTS } from './internal/segments.js';
import { radixPasses, sortEventColumns, stableOrderByKey } from './internal/radixOrder.js';
import { SimulateOptionsSchema, TOUCH_CAP, resolveOptions, type SimulateOptions } from './options.js';
import {
  CHANNELS, DAY_MS, EVENT_TYPES, IDENTIFIER_TYPES, STAGES, WEEK_MS,
  type ColumnarWorld, type MeasuredCampaignTruth, type Profile, type World, type WorldEvent, type WorldEventColumns,
} from './types.js';

const WEEK_SEC = 7 * 24 * 3600;
/** People whose weekly truth stages are gathered before they are written out (see the stage truth). */
const STAGE_BLOCK = 64;
const NC = CHANNELS.length;
const NS = STAGES.length;

// Event type codes (index into EVENT_TYPES).
const E_IMPRESSION = 0, E_CLICK = 1, E_FOLLOW = 2, E_SEARCH = 3, E_BROWSE = 4, E_CART = 5, E_PURCHASE = 6, E_SHARE = 7, E_REVIEW = 8, E_REFERRAL = 9;
// Channel codes (index into CHANNELS).
const C_WECHAT = 0, C_QQ = 1, C_JD_SEARCH = 3, C_JD_REC = 4, C_OA = 5, C_MINI = 6, C_OFFLINE = 7;
/** Commerce channels where purchases happen, with base weights. */
const PURCHASE_CHANNELS = [C_JD_SEARCH, C_JD_REC, C_MINI, C_OFFLINE];
const PURCHASE_CHANNEL_WEIGHTS = [0.35, 0.3, 0.2, 0.15];

/** Width of the zero-padded person index in `personId` (`p0000042`). */
export const PERSON_ID_WIDTH = 7;

/** `personId` of person index `i`: `'p' + i` zero-padded to 7 digits. */
export function personIdOf(i: number): string {
  return `p${String(i).padStart(PERSON_ID_WIDTH, '0')}`;
}

/** Interest names of the `n` sorted tag codes (an exact-size, packed array). */
function interestNames(tags: Int32Array, n: number): string[] {
  switch (n) {
    case 2: return [INTERESTS[tags[0]!]!, INTERESTS[tags[1]!]!];
    case 3: return [INTERESTS[tags[0]!]!, INTERESTS[tags[1]!]!, INTERESTS[tags[2]!]!];
    case 4: return [INTERESTS[tags[0]!]!, INTERESTS[tags[1]!]!, INTERESTS[tags[2]!]!, INTERESTS[tags[3]!]!];
    case 5: return [INTERESTS[tags[0]!]!, INTERESTS[tags[1]!]!, INTERESTS[tags[2]!]!, INTERESTS[tags[3]!]!, INTERESTS[tags[4]!]!];
    default: {
      const out: string[] = [];
      for (let k = 0; k < n; k++) out.push(INTERESTS[tags[k]!]!);
      return out;
    }
  }
}

/** Two event work columns: second, and packed `person·128 + type·8 + channel`. */
interface Work { readonly sec: Uint32Array; readonly packed: Uint32Array }

/**
 * The events while they are generated, 8 bytes each: second and packed `person·128 + type·8 +
 * channel`, in person order; purchase values and their seconds beside them in generation order.
 * They are then radix-sorted by second (stable). A purchase's value is not carried through the
 * sort: the purchases alone are sorted by second the same way (stable, same key), which keeps
 * them in the same relative order, so the k-th purchase row of the sorted events is the k-th
 * sorted purchase ({@link purchaseValuesByTime}).
 *
 * Memory, and why it is laid out like this. Every large ArrayBuffer counts as external memory to
 * V8, and allocating more than ~64 MB of it starts a full mark-compact over the heap: allocated at
 * the end (the sort's scratch, the output columns), each cost a 1.2–1.7 s mark-compact over the
 * world's 1.3 GB of objects at 1M people, freeing nothing. So all event memory is allocated before
 * generation (the collection it starts runs over an empty heap; untouched capacity costs nothing,
 * the OS zero-fills lazily). And fresh memory costs ~5 s per GB to touch on the reference VM, so
 * the events touch as little as possible: in the columns layout the work columns and the sort's
 * scratch are views INTO the output buffer ({@link OutputColumns.work}), 22 bytes an event in all
 * (they were 46: a 24-byte work buffer beside the output); in the object layout one buffer of 16.
 */
class EventColumns {
  n = 0;
  sec: Uint32Array;
  packed: Uint32Array;
  /** Sort scratch; replaced by nothing on growth (the sort then allocates its own). */
  scratch: Work | undefined;
  readonly values: number[] = [];
  readonly purchaseSec: number[] = [];
  /**
   * @param target - where the sorted events must end (the output's expansion reads them there);
   * @param spare - the other buffer. Generation writes into the one the sort does not end in: an
   * odd number of passes ends in the scratch.
   */
  constructor(target: Work, spare: Work, spanSec: number) {
    const [gen, other] = radixPasses(spanSec) % 2 === 1 ? [spare, target] : [target, spare];
    this.sec = gen.sec; this.packed = gen.packed; this.scratch = other;
  }
  reserve(extra: number): void {
    if (this.n + extra <= this.sec.length) return;
    const cap = Math.max(this.n + extra, Math.ceil(this.sec.length * 1.5));
    const grow = (a: Uint32Array): Uint32Array => { const b = new Uint32Array(cap); b.set(a.subarray(0, this.n)); return b; };
    this.sec = grow(this.sec);
    this.packed = grow(this.packed);
    this.scratch = undefined;
  }
}

/** The object layout's work buffer: target and spare work columns, 16 bytes an event of capacity. */
function ownWork(capacity: number): { target: Work; spare: Work } {
  const b = new ArrayBuffer(capacity * 16), c = capacity;
  return { target: { sec: new Uint32Array(b, 0, c), packed: new Uint32Array(b, 4 * c, c) }, spare: { sec: new Uint32Array(b, 8 * c, c), packed: new Uint32Array(b, 12 * c, c) } };
}

/**
 * Output columns of the columnar layout: one buffer (capacity × 22 bytes: time, value, person,
 * type, channel, each a region of the buffer), allocated before generation for the reasons given
 * at {@link EventColumns}. `take(n)` returns exact-length views (of a new buffer of the same layout
 * when `n` does not fit).
 */
class OutputColumns {
  private readonly buf: ArrayBuffer;
  constructor(private readonly capacity: number) {
    this.buf = new ArrayBuffer(capacity * 22);
  }
  /**
   * The event work columns inside the output buffer. `target` (where the sort must end): seconds
   * in the first half of the time region, packed codes in the person region. `spare`: the value
   * region. {@link eventColumns} fills the output from the last row down: row k's person goes where
   * its packed code was (read first), its time (bytes 8k..8k+7) over seconds 2k and 2k+1 (rows
   * already read), its value over the spare region (no longer needed); type and channel have
   * regions of their own.
   */
  work(): { target: Work; spare: Work } {
    const c = this.capacity, b = this.buf;
    return { target: { sec: new Uint32Array(b, 0, c), packed: new Uint32Array(b, 16 * c, c) }, spare: { sec: new Uint32Array(b, 8 * c, c), packed: new Uint32Array(b, 12 * c, c) } };
  }
  /**
   * Zeroes what the sort left outside the columns after `take(n)` and the expansion: the spare
   * codes past the value column's end (bytes [max(12c, 8c + 8n), 12c + 4n)), so the buffer (which
   * a transfer or `structuredClone` copies whole) holds nothing but the columns and zeros.
   */
  clearWork(n: number): void {
    const c = this.capacity, from = Math.max(12 * c, 8 * c + 8 * n), to = 12 * c + 4 * n;
    if (n <= c && to > from) new Uint8Array(this.buf, from, to - from).fill(0);
  }
  take(n: number): { person: Int32Array; time: Float64Array; type: Uint8Array; channel: Uint8Array; value: Float64Array } {
    if (n > this.capacity) return new OutputColumns(n).take(n); // more events than presized: one buffer all the same
    const c = this.capacity, b = this.buf;
    return { time: new Float64Array(b, 0, n), value: new Float64Array(b, 8 * c, n), person: new Int32Array(b, 16 * c, n), type: new Uint8Array(b, 20 * c, n), channel: new Uint8Array(b, 21 * c, n) };
  }
}

/** The purchase values in the order their rows have in the sorted events (see {@link EventColumns}). */
function purchaseValuesByTime(cols: EventColumns): Float64Array {
  const nP = cols.values.length;
  const order = stableOrderByKey(Uint32Array.from(cols.purchaseSec), nP);
  const out = new Float64Array(nP);
  for (let j = 0; j < nP; j++) out[j] = cols.values[order[j]!]!;
  return out;
}

/** The sorted event columns as {@link WorldEvent} objects. */
function eventObjects(sorted: Work, values: Float64Array, nEv: number, start: number, personIds: readonly string[]): WorldEvent[] {
  const events = new Array<WorldEvent>(nEv);
  const sec = sorted.sec, packed = sorted.packed;
  let q = 0;
  for (let k = 0; k < nEv; k++) {
    const pk = packed[k]!;
    const code = (pk >>> 3) & 15;
    const type = EVENT_TYPES[code]!;
    const channel = CHANNELS[pk & 7]!;
    const personId = personIds[pk >>> 7]!;
    const time = start + sec[k]! * 1000;
    events[k] = code === E_PURCHASE ? { personId, time, type, channel, value: values[q++]! } : { personId, time, type, channel };
  }
  return events;
}

/**
 * The sorted event columns as {@link WorldEventColumns} (row k = object k of {@link eventObjects}),
 * written from the last row down: the sorted work columns may be views into the output buffer
 * ({@link OutputColumns.work}), whose row k is read before any write can reach it.
 */
function eventColumns(sorted: Work, values: Float64Array, nEv: number, start: number, personIds: readonly string[], out: OutputColumns): WorldEventColumns {
  const { person, time, type, channel, value } = out.take(nEv);
  const sec = sorted.sec, packed = sorted.packed;
  if (sec.buffer === time.buffer && (sec.byteOffset !== 0 || packed.byteOffset !== person.byteOffset)) throw new Error('simulateWorld internal: the sorted events are not where the output expects them');
  let q = values.length;
  for (let k = nEv - 1; k >= 0; k--) {
    const s = sec[k]!, pk = packed[k]!;
    const code = (pk >>> 3) & 15;
    person[k] = pk >>> 7;
    type[k] = code;
    channel[k] = pk & 7;
    time[k] = start + s * 1000;
    value[k] = code === E_PURCHASE ? values[--q]! : Number.NaN;
  }
  out.clearWork(nEv);
  return { kind: 'eventColumns', version: 1, personIds, person, time, eventTypes: EVENT_TYPES, type, channels: CHANNELS, channel, value };
}

/**
 * Generates a deterministic synthetic market with ground truth: people with a latent segment,
 * profiles, raw identifiers and identity links (with shared devices, churned cookies and junk),
 * paid touchpoints on eight channels with known incremental effects, a latent weekly lifecycle,
 * first purchases driven by the funnel and repeat purchases from a BG/NBD process with
 * Gamma-Gamma order values (Fader, Hardie & Lee 2005, "Counting your customers the easy way";
 * Fader, Hardie & Lee 2005, "RFM and CLV"). It is the embedded default data of audience-kit.
 *
 * The generative story, per person and week w (all randomness from `createRng(seed)`, one forked
 * stream per concern, people generated one after the other):
 * 1. Paid exposure: `n ~ Poisson(reach · Σ_c rate_c · affinity[segment][c] · campaign[w][c])`
 *    impressions, each on a channel drawn in proportion to those terms, at a uniform second of
 *    the week. `reach ~ Gamma(2, 2)` per person (mean 1).
 * 2. Latent ACTIVITY level `A_w ∈ {0 none, 1 aware, 2 appeal, 3 act, 4 advocate}` follows the
 *    base matrix `truth.baseTransition` from `A_{w−1}`, except that the week's touches multiply
 *    the ODDS of moving up (to any j > A_{w−1}) by `Π_c (1 + effect_c)^min(n_c, 3)`; the up mass
 *    is then split over the up columns in proportion to the base row, and the rest (stay or
 *    down) scaled in proportion too. `A_{−1}` is drawn from `initialActivity`.
 * 3. Evidence produced that week (STAGE-CONTRACT): `A_w = 1` → at least one impression (an
 *    organic one on a channel drawn like a paid one when no paid touch came); `A_w ≥ 2` → 1–2
 *    appeal events (click on a channel the person saw, follow on official_account, search /
 *    cart on jd, browse); `A_w ≥ 3` and not yet a customer → the FIRST purchase, after the week's
 *    touches; `A_w = 4` → one share / review / referral. (Levels ≥ 2 need no impression: their
 *    higher evidence decides the stage, and organic impressions in conversion weeks would blur
 *    the channel effects.)
 * 4. Repeat purchases after the first, in continuous time, independent of touches: `λ ~ Gamma(r, α)`
 *    per week, inter-purchase times `Exp(λ)`, after each repeat purchase the customer drops out
 *    with probability `p ~ Beta(a, b)` (`truth.dropoutTime` = that purchase's time). Order values
 *    (first and repeat): `ν ~ Gamma(q, γ)` per customer, value `~ Gamma(p, ν)` rounded to cents.
 * 5. Truth stage at the end of week w (asOf = start + (w+1)·WEEK − 1): the highest stage with an
 *    evidence event in (asOf − window, asOf] (impression → aware; click/follow/search/browse/cart
 *    → appeal; purchase → act; share/review/referral or a repeat purchase → advocate), else none.
 *    `truth.transition` is the realised matrix of these stages between consecutive week ends.
 * 6. Option `campaign` only (own forked streams; without it nothing above changes): people in
 *    treated cities not held out get one campaign impression per campaign week and the odds of
 *    moving up multiplied by `1 + effect`; their level without the campaign is walked with the
 *    same uniform (common random numbers) to give `truth.campaign`'s exact incremental conversions.
 *
 * Events are sorted by time, ties by personId then type (in EVENT_TYPES order); event times are
 * whole seconds. Links are sorted by time (ties in generation order).
 *
 * Complexity: O(people · weeks + events · log?) — linear: events are ordered by a stable radix
 * sort on their second, no comparison sort over all events. Memory ~2.8 KB per person retained;
 * the per-person work keeps its state in typed scratch and allocates little besides what it returns.
 *
 * @param options - see {@link SimulateOptionsSchema} (all optional; defaults: 20,000 people, seed
 *   42, 52 weeks from Monday 2025-01-06).
 * @returns plain data (arrays of plain objects, typed arrays) plus `truth`.
 * @throws AudienceKitError `INVALID_OPTION` naming the option (e.g. `people`, `junkRate`,
 *   `stageTransition[1]`) when an option is out of range or unknown.
 * @example
 * const world = simulateWorld({ people: 1000, seed: 7 });
 * world.personIds[0]; // => 'p0000000'
 * world.truth.stage.length === world.weeks * world.people; // => true
 */
export function simulateWorld(options: SimulateOptions & { readonly eventLayout: 'columns' }): ColumnarWorld;
export function simulateWorld(options?: SimulateOptions & { readonly eventLayout?: 'objects' }): World;
export function simulateWorld(options?: SimulateOptions): World | ColumnarWorld;
export function simulateWorld(options: SimulateOptions = {}): World | ColumnarWorld {
  const parsed = parseWith(SimulateOptionsSchema, options, 'simulateWorld options', 'INVALID_OPTION');
  const o = resolveOptions(parsed);
  const N = o.people, W = o.weeks, start = o.start;
  const spanSec = W * WEEK_SEC;
  const master = createRng(o.seed);
  const rProfile = master.fork(), rIdentity = master.fork(), rActivity = master.fork(), rBuy = master.fork();

  // ── measured campaign (option `campaign`): own streams forked after the others, so a world
  // without it consumes exactly the same randomness as before the option existed ──
  const camp = o.campaign;
  const campStart = camp === undefined ? W : camp.startWeek, campEnd = camp === undefined ? W : camp.startWeek + camp.weeks;
  const campLog = camp === undefined ? 0 : Math.log1p(camp.effect);
  const campChannel = camp === undefined ? 0 : CHANNELS.indexOf(camp.channel);
  const treatedCities: string[] = [];
  const holdout = new Uint8Array(camp === undefined ? 0 : N);
  const audienceList: number[] = [];
  let rHold: Rng | undefined, rCampImp: Rng | undefined;
  const exposedByWeek = new Float64Array(camp === undefined ? 0 : camp.weeks);
  const cfByWeek = new Float64Array(camp === undefined ? 0 : camp.weeks);
  if (camp !== undefined) {
    const rCamp = master.fork();
    const all = CITIES.flat();
    const k = Math.max(1, Math.round(camp.treatedCityShare * all.length));
    for (const j of Array.from(rCamp.sampleIndices(all.length, k)).sort((a, b) => a - b)) treatedCities.push(all[j]!);
    rHold = rCamp.fork();
    rCampImp = rCamp.fork();
  }
  const treatedSet = new Set(treatedCities);

  const personIds = new Array<string>(N);
  for (let i = 0; i < N; i++) personIds[i] = personIdOf(i);
  markDistinct(personIds); // 'p' + zero-padded index: distinct by construction; frozen (world.personIds is read-only data, both layouts)

  // Exposure tables: per segment and week, total rate and cumulative channel weights.
  const nSeg = SEGMENTS.length;
  const intensity = intensityTable(W);
  const segRate = new Float64Array(nSeg * W);
  const segCum = new Float64Array(nSeg * W * NC);
  for (let s = 0; s < nSeg; s++) {
    const aff = SEGMENTS[s]!.affinity;
    for (let w = 0; w < W; w++) {
      let tot = 0;
      for (let c = 0; c < NC; c++) {
        const ch = CHANNELS[c]!;
        tot += o.exposureRates[ch] * aff[ch] * intensity[w * NC + c]!;
        segCum[(s * W + w) * NC + c] = tot;
      }
      segRate[s * W + w] = tot;
    }
  }
  const purchaseCum = new Float64Array(nSeg * PURCHASE_CHANNELS.length);
  for (let s = 0; s < nSeg; s++) {
    let tot = 0;
    for (let k = 0; k < PURCHASE_CHANNELS.length; k++) {
      tot += PURCHASE_CHANNEL_WEIGHTS[k]! * SEGMENTS[s]!.affinity[CHANNELS[PURCHASE_CHANNELS[k]!]!];
      purchaseCum[s * PURCHASE_CHANNELS.length + k] = tot;
    }
  }
  const logEffect = new Float64Array(NC);
  for (let c = 0; c < NC; c++) logEffect[c] = Math.log1p(o.channelEffects[CHANNELS[c]!]);
  const base = new Float64Array(NS * NS);
  const upMass = new Float64Array(NS);
  for (let k = 0; k < NS; k++) {
    for (let j = 0; j < NS; j++) base[k * NS + j] = o.stageTransition[k]![j]!;
    let u = 0;
    for (let j = k + 1; j < NS; j++) u += base[k * NS + j]!;
    upMass[k] = Math.min(1, u);
  }
  const segCumWeights = new Float64Array(nSeg);
  { let t = 0; for (let s = 0; s < nSeg; s++) { t += SEGMENTS[s]!.weight; segCumWeights[s] = t; } }

  const pp = o.purchaseProcess;
  const winMs = [0, o.stageWindowDays.aware * DAY_MS, o.stageWindowDays.appeal * DAY_MS, o.stageWindowDays.act * DAY_MS, o.stageWindowDays.advocate * DAY_MS];

  // Outputs.
  const segment = new Uint8Array(N);
  const stage = new Uint8Array(W * N);
  const stageBlock = new Uint8Array(W * STAGE_BLOCK);
  const transitionCounts = new Float64Array(NS * NS);
  const purchaseRate = new Float64Array(N);
  const dropoutTime = new Float64Array(N).fill(Number.NaN);
  const profiles = new Array<Profile>(N);
  const identityTruth = { sharedIdentifiers: new Map<string, readonly number[]>(), junkIdentifiers: new Set<string>() };
  const identity = new IdentityGenerator(rIdentity, {
    people: N, spanSec, mix: IDENTIFIER_TYPES.map((t) => o.identifierMix[t]),
    sharedDeviceRate: o.sharedDeviceRate, junkRate: o.junkRate, cookieChurn: o.cookieChurn,
  }, identityTruth, start);
  const capacity = Math.min(N * 16, 1 << 27) + 1024;
  const outCols = parsed.eventLayout === 'columns' ? new OutputColumns(capacity) : undefined;
  const work = outCols !== undefined ? outCols.work() : ownWork(capacity);
  const cols = new EventColumns(work.target, work.spare, spanSec);

  // Per-person scratch: this person's events (second, type, channel, value) before ordering.
  let lSec = new Float64Array(256), lType = new Uint8Array(256), lCh = new Uint8Array(256), lVal = new Float64Array(256);
  let ln = 0;
  const weekMax = new Float64Array(NS * W); // latest evidence second per (level, week), −1 = none
  const counts = new Uint8Array(NC);
  const weekImpCh = new Uint8Array(64);
  const row = new Float64Array(NS);
  const cfRow = new Float64Array(NS);
  const ra = rActivity;
  /** Fills `out` with the transition row from `lvl` when the week's touches add `logm` to the log odds of moving up. */
  const fillRow = (out: Float64Array, lvl: number, logm: number): void => {
    const b0 = lvl * NS;
    const up = upMass[lvl]!;
    if (logm > 0 && up > 0 && up < 1) {
      const odds = (up / (1 - up)) * Math.exp(logm);
      const up2 = odds / (1 + odds);
      const fUp = up2 / up, fRest = (1 - up2) / (1 - up);
      for (let j = 0; j < NS; j++) out[j] = base[b0 + j]! * (j > lvl ? fUp : fRest);
    } else {
      for (let j = 0; j < NS; j++) out[j] = base[b0 + j]!;
    }
  };
  /** The level a uniform `u` picks from row `r` (inverse CDF). */
  const pickLevel = (r: Float64Array, u: number): number => {
    let tot = 0;
    for (let k = 0; k < NS; k++) tot += r[k]!;
    let x = u * tot, j = 0, last = 0;
    for (; j < NS; j++) {
      const pj = r[j]!;
      if (pj > 0) last = j;
      if (x < pj) break;
      x -= pj;
    }
    return j < NS ? j : last;
  };
  /*
   * Draws that consume a uniform go through rng methods that return an integer or a boolean
   * (`poisson`, `categorical`, `bernoulli`, `int`) or through the small helpers below: a uniform
   * returned by a call the optimiser did not inline is a heap-allocated number (~50 a person).
   */
  /** Browse channel: jd_recommend 50 %, mini_program 35 %, offline_store 15 %. */
  const browseChannel = (): number => { const v = ra.uniform(); return v < 0.5 ? C_JD_REC : v < 0.85 ? C_MINI : C_OFFLINE; };
  /** Type and channel (`type · 8 + channel`) of an appeal event; `nImp` impressions this week in `weekImpCh`. */
  const appealEvent = (s: number, w: number, nImp: number): number => {
    const u = ra.uniform();
    if (u < 0.35) return E_CLICK * 8 + (nImp > 0 ? weekImpCh[ra.int(0, nImp - 1)]! : pickChannel(ra, s, w));
    if (u < 0.6) return E_BROWSE * 8 + browseChannel();
    if (u < 0.78) return E_SEARCH * 8 + C_JD_SEARCH;
    if (u < 0.88) return E_CART * 8 + (ra.bernoulli(0.6) ? C_JD_SEARCH : C_MINI);
    return E_FOLLOW * 8 + C_OA;
  };
  /** Type and channel (`type · 8 + channel`) of an advocate event. */
  const advocateEvent = (): number => {
    const u = ra.uniform();
    if (u < 0.5) return E_SHARE * 8 + (ra.bernoulli(0.7) ? C_WECHAT : C_QQ);
    if (u < 0.85) return E_REVIEW * 8 + (ra.bernoulli(0.6) ? C_JD_REC : C_MINI);
    return E_REFERRAL * 8 + C_MINI;
  };
  const tags = new Int32Array(8);
  let order = new Int32Array(256);

  const push = (sec: number, type: number, channel: number, value: number, level: number, repeat: boolean): void => {
    if (ln === lSec.length) {
      const cap = ln * 2;
      const s2 = new Float64Array(cap); s2.set(lSec); lSec = s2;
      const t2 = new Uint8Array(cap); t2.set(lType); lType = t2;
      const c2 = new Uint8Array(cap); c2.set(lCh); lCh = c2;
      const v2 = new Float64Array(cap); v2.set(lVal); lVal = v2;
    }
    lSec[ln] = sec; lType[ln] = type; lCh[ln] = channel; lVal[ln] = value;
    ln++;
    const w = Math.floor(sec / WEEK_SEC);
    const at = level * W + w;
    if (sec > weekMax[at]!) weekMax[at] = sec;
    if (repeat) { const a2 = 4 * W + w; if (sec > weekMax[a2]!) weekMax[a2] = sec; }
  };
  const pickChannel = (rng: Rng, s: number, w: number): number => {
    const o0 = (s * W + w) * NC;
    const x = rng.uniform() * segCum[o0 + NC - 1]!;
    for (let c = 0; c < NC - 1; c++) if (x < segCum[o0 + c]!) return c;
    return NC - 1;
  };
  const pickPurchaseChannel = (rng: Rng, s: number): number => {
    const k0 = s * PURCHASE_CHANNELS.length;
    const x = rng.uniform() * purchaseCum[k0 + PURCHASE_CHANNELS.length - 1]!;
    for (let k = 0; k < PURCHASE_CHANNELS.length - 1; k++) if (x < purchaseCum[k0 + k]!) return PURCHASE_CHANNELS[k]!;
    return PURCHASE_CHANNELS[PURCHASE_CHANNELS.length - 1]!;
  };
  const value = (nu: number): number => Math.max(0.01, Math.round(rBuy.gamma(pp.p, nu) * 100) / 100);

  for (let i = 0; i < N; i++) {
    // ── profile ──
    const rp = rProfile;
    let s = 0;
    { const x = rp.uniform() * segCumWeights[nSeg - 1]!; while (s < nSeg - 1 && x >= segCumWeights[s]!) s++; }
    segment[i] = s;
    const spec = SEGMENTS[s]!;
    const ageBand = AGE_BANDS[rp.categorical(spec.age)]!;
    const gender: Profile['gender'] = rp.bernoulli(0.05) ? 'unknown' : rp.bernoulli(spec.female) ? 'f' : 'm';
    const tier = rp.categorical(spec.tier);
    const cities = CITIES[tier]!;
    const city = cities[rp.int(0, cities.length - 1)]!;
    const nInterests = rp.int(2, 5);
    // Distinct interest tags, kept sorted ascending (insertion), as before `tags.sort((a, b) => a - b)`.
    let nTags = 0;
    for (let attempt = 0; nTags < nInterests && attempt < 20; attempt++) {
      const t = rp.bernoulli(OWN_INTEREST_PROBABILITY) ? spec.interests[rp.int(0, spec.interests.length - 1)]! : rp.int(0, INTERESTS.length - 1);
      let j = nTags, dup = false;
      for (let k = 0; k < nTags; k++) if (tags[k] === t) { dup = true; break; }
      if (dup) continue;
      while (j > 0 && tags[j - 1]! > t) { tags[j] = tags[j - 1]!; j--; }
      tags[j] = t;
      nTags++;
    }
    const spend = Math.round(Math.exp(rp.normal(Math.log(spec.spendMedian), 0.5)));
    const reach = rp.gamma(2, 2);
    profiles[i] = {
      personId: personIds[i]!, ageBand, gender, cityTier: (tier + 1) as Profile['cityTier'], city,
      interests: interestNames(tags, nTags), spend,
    };

    // ── campaign audience and holdout ──
    let exposed = false;
    if (camp !== undefined && rHold !== undefined && treatedSet.has(city)) {
      audienceList.push(i);
      if (rHold.uniform() < camp.holdout) holdout[i] = 1; else exposed = true;
    }

    // ── identifiers and links ──
    identity.person(i);

    // ── weekly activity, touches, first purchase, repeat purchases ──
    ln = 0;
    weekMax.fill(-1);
    let level = ra.categorical(o.initialActivity);
    let customer = false;
    let cfLevel = 0, cfCustomer = false; // the exposed person's level / customer status without the campaign
    for (let w = 0; w < W; w++) {
      const inCampaign = exposed && w >= campStart && w < campEnd;
      const w0 = w * WEEK_SEC;
      const rate = reach * segRate[s * W + w]!;
      // Poisson(rate): the core sampler is Knuth's inversion of products below 30 (rates are < 2 on
      // average), the same draws as the loop `p = u1; while (p > l) { n++; p *= u }`.
      const n = ra.poisson(rate);
      if (n > 0) counts.fill(0); // read only in the impression loop below
      let logm = 0, firstSec = w0 + WEEK_SEC, nImp = 0;
      for (let k = 0; k < n; k++) {
        const c = pickChannel(ra, s, w);
        const sec = w0 + ra.int(0, WEEK_SEC - 1);
        if (counts[c]! < TOUCH_CAP) { counts[c]!++; logm += logEffect[c]!; }
        if (nImp < weekImpCh.length) weekImpCh[nImp++] = c;
        if (sec < firstSec) firstSec = sec;
        push(sec, E_IMPRESSION, c, Number.NaN, 1, false);
      }
      if (inCampaign && rCampImp !== undefined) {
        // One campaign impression (own stream for its second); its effect is `campLog` below.
        const sec = w0 + rCampImp.int(0, WEEK_SEC - 1);
        if (nImp < weekImpCh.length) weekImpCh[nImp++] = campChannel;
        if (sec < firstSec) firstSec = sec;
        push(sec, E_IMPRESSION, campChannel, Number.NaN, 1, false);
      }
      // Transition of the latent activity level, touches raising the odds of moving up.
      if (inCampaign) {
        // Common random numbers: the same uniform picks the level with and without the campaign.
        const uLevel = ra.uniform();
        if (w === campStart) { cfLevel = level; cfCustomer = customer; }
        fillRow(cfRow, cfLevel, logm);
        cfLevel = pickLevel(cfRow, uLevel);
        if (cfLevel >= 3 && !cfCustomer) { cfCustomer = true; cfByWeek[w - campStart]!++; }
        fillRow(row, level, logm + campLog);
        level = pickLevel(row, uLevel);
        if (level >= 3 && !customer) exposedByWeek[w - campStart]!++;
      } else {
        // `categorical` is the same inverse CDF as `pickLevel` (x − p < 0 ⟺ x < p), one uniform.
        fillRow(row, level, logm);
        level = ra.categorical(row);
      }
      if (level === 1 && n === 0 && !inCampaign) {
        const c = pickChannel(ra, s, w);
        const sec = w0 + ra.int(0, WEEK_SEC - 1);
        weekImpCh[nImp++] = c;
        firstSec = sec;
        push(sec, E_IMPRESSION, c, Number.NaN, 1, false);
      }
      let lastSec = firstSec;
      if (level >= 2) {
        const k = ra.bernoulli(0.35) ? 2 : 1;
        const from = Math.min(firstSec, w0 + WEEK_SEC - 1);
        for (let e = 0; e < k; e++) {
          const tc = appealEvent(s, w, nImp);
          const sec = ra.int(from, w0 + WEEK_SEC - 1);
          if (sec > lastSec) lastSec = sec;
          push(sec, tc >> 3, tc & 7, Number.NaN, 2, false);
        }
      }
      if (level >= 3 && !customer) {
        customer = true;
        const firstBuy = ra.int(Math.min(lastSec + 1, w0 + WEEK_SEC - 1), w0 + WEEK_SEC - 1);
        // Repeat-buying process (stream rBuy): independent of touches.
        const lambda = rBuy.gamma(pp.r, pp.alpha);
        const pDrop = rBuy.beta(pp.a, pp.b);
        const nu = rBuy.gamma(pp.q, pp.gamma);
        purchaseRate[i] = lambda;
        push(firstBuy, E_PURCHASE, pickPurchaseChannel(rBuy, s), value(nu), 3, false);
        let t = firstBuy / WEEK_SEC, prev = firstBuy;
        let dropout = Number.POSITIVE_INFINITY;
        for (;;) {
          t += -Math.log(1 - rBuy.uniform()) / lambda;
          let sec = Math.floor(t * WEEK_SEC);
          if (!(sec < spanSec)) break;
          if (sec <= prev) sec = prev + 1;
          if (sec >= spanSec) break;
          prev = sec;
          push(sec, E_PURCHASE, pickPurchaseChannel(rBuy, s), value(nu), 3, true);
          if (rBuy.bernoulli(pDrop)) { dropout = start + sec * 1000; break; }
        }
        dropoutTime[i] = dropout;
      }
      if (level === 4) {
        const tc = advocateEvent();
        push(ra.int(w0, w0 + WEEK_SEC - 1), tc >> 3, tc & 7, Number.NaN, 4, false);
      }
    }

    // ── truth stage per week from the evidence (windowed rule) and realised transitions ──
    {
      let l1 = -1, l2 = -1, l3 = -1, l4 = -1, prevStage = -1;
      for (let w = 0; w < W; w++) {
        const m1 = weekMax[W + w]!, m2 = weekMax[2 * W + w]!, m3 = weekMax[3 * W + w]!, m4 = weekMax[4 * W + w]!;
        if (m1 > l1) l1 = m1; if (m2 > l2) l2 = m2; if (m3 > l3) l3 = m3; if (m4 > l4) l4 = m4;
        const asOf = (w + 1) * WEEK_MS - 1; // relative to start; evidence at sec·1000
        let st = 0;
        if (l4 >= 0 && l4 * 1000 > asOf - winMs[4]!) st = 4;
        else if (l3 >= 0 && l3 * 1000 > asOf - winMs[3]!) st = 3;
        else if (l2 >= 0 && l2 * 1000 > asOf - winMs[2]!) st = 2;
        else if (l1 >= 0 && l1 * 1000 > asOf - winMs[1]!) st = 1;
        stageBlock[w * STAGE_BLOCK + (i % STAGE_BLOCK)] = st;
        if (prevStage >= 0) transitionCounts[prevStage * NS + st]!++;
        prevStage = st;
      }
      // `stage` is week-major (W × N): written a person at a time, each write would land on another
      // page. Blocks of STAGE_BLOCK people go out as one contiguous run per week.
      if (i % STAGE_BLOCK === STAGE_BLOCK - 1 || i === N - 1) {
        const b0 = i - (i % STAGE_BLOCK), len = i - b0 + 1;
        for (let w = 0; w < W; w++) for (let j = 0, from = w * STAGE_BLOCK, to = w * N + b0; j < len; j++) stage[to + j] = stageBlock[from + j]!;
      }
    }

    // ── this person's events, ordered by (second, type), appended to the columns ──
    const m = ln;
    if (order.length < m) order = new Int32Array(m * 2);
    for (let k = 0; k < m; k++) {
      let j = k;
      const ks = lSec[k]!, kt = lType[k]!;
      while (j > 0) {
        const q = order[j - 1]!;
        const qs = lSec[q]!;
        if (qs < ks || (qs === ks && lType[q]! <= kt)) break;
        order[j] = q; j--;
      }
      order[j] = k;
    }
    cols.reserve(m);
    for (let k = 0; k < m; k++) {
      const q = order[k]!;
      const at = cols.n++;
      const type = lType[q]!;
      cols.sec[at] = lSec[q]!;
      cols.packed[at] = i * 128 + type * 8 + lCh[q]!;
      if (type === E_PURCHASE) { cols.values.push(lVal[q]!); cols.purchaseSec.push(lSec[q]!); }
    }
  }

  const personOfIdentifier = identity.finish();

  // ── events: stable radix sort by second (person order, then type, is already the tie order) ──
  const nEv = cols.n;
  const sorted = sortEventColumns(cols.sec, cols.packed, nEv, spanSec, cols.scratch);
  const values = purchaseValuesByTime(cols);
  const events = outCols !== undefined ? eventColumns(sorted, values, nEv, start, personIds, outCols) : eventObjects(sorted, values, nEv, start, personIds);

  // ── links ordered by time ──
  const linkOrder = stableOrderByKey(identity.linkSec, identity.links.length, identity.linkOrderScratch);
  const links = new Array<World['links'][number]>(identity.links.length);
  for (let k = 0; k < links.length; k++) links[k] = identity.links[linkOrder[k]!]!;

  // ── realised transition matrix ──
  const transition: number[][] = [];
  for (let k = 0; k < NS; k++) {
    let tot = 0;
    for (let j = 0; j < NS; j++) tot += transitionCounts[k * NS + j]!;
    transition.push(Array.from({ length: NS }, (_, j) => (tot > 0 ? transitionCounts[k * NS + j]! / tot : j === k ? 1 : 0)));
  }

  const world = {
    options: o as unknown as Readonly<Record<string, unknown>>,
    start,
    weeks: W,
    people: N,
    personIds,
    links,
    profiles,
    events,
    truth: {
      personOfIdentifier,
      sharedIdentifiers: identityTruth.sharedIdentifiers,
      junkIdentifiers: identityTruth.junkIdentifiers,
      segment,
      segmentNames: SEGMENTS.map((x) => x.name),
      stage,
      baseTransition: o.stageTransition.map((r) => r.slice()),
      transition,
      channelEffects: CHANNELS.map((channel) => ({ channel, effect: o.channelEffects[channel] })),
      purchaseProcess: { model: 'bg-nbd', ...pp },
      purchaseRate,
      dropoutTime,
      campaigns: CAMPAIGNS.map((c) => ({ ...c, channels: c.channels.slice() })),
      ...(camp === undefined ? {} : { campaign: campaignTruth() }),
    },
  };
  return world as World | ColumnarWorld;

  function campaignTruth(): MeasuredCampaignTruth {
    const c = camp!;
    let exposedConversions = 0, counterfactualConversions = 0;
    const incrementalByWeek: number[] = [];
    for (let k = 0; k < c.weeks; k++) {
      exposedConversions += exposedByWeek[k]!;
      counterfactualConversions += cfByWeek[k]!;
      incrementalByWeek.push(exposedByWeek[k]! - cfByWeek[k]!);
    }
    const trueIncrementalConversions = exposedConversions - counterfactualConversions;
    const audience = Int32Array.from(audienceList);
    let held = 0;
    for (const i of audience) held += holdout[i]!;
    return {
      startWeek: c.startWeek, weeks: c.weeks, channel: c.channel, treatedCities: treatedCities.slice(), audience, holdout, effect: c.effect,
      exposedCount: audience.length - held, exposedConversions, counterfactualConversions, trueIncrementalConversions,
      trueRelativeLift: counterfactualConversions > 0 ? trueIncrementalConversions / counterfactualConversions : 0,
      incrementalByWeek,
    };
  }
}
