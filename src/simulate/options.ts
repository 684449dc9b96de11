import { z } from 'zod';
import { CHANNELS, IDENTIFIER_TYPES, STAGES, type Channel, type IdentifierType } from './types.js';

/**
 * Default true incremental effect of one touch (impression) per channel: the relative increase of
 * the odds of moving up the ladder that week (`odds × (1 + effect)` per touch, at most
 * {@link TOUCH_CAP} touches per channel and week). Clearly spaced so that attribution rankings
 * can be compared with the truth (Spearman).
 */
export const DEFAULT_CHANNEL_EFFECTS: Readonly<Record<Channel, number>> = {
  wechat_moments: 0.5,
  qq_feed: 0.1,
  tencent_news: 0.03,
  jd_search: 1.2,
  jd_recommend: 0.3,
  official_account: 0.8,
  mini_program: 1.6,
  offline_store: 2.4,
};

/**
 * Default paid exposure rates: mean impressions per person and week on each channel, for an
 * average person (before the segment's channel affinity, the person's reach and the campaign
 * calendar multiply it).
 */
export const DEFAULT_EXPOSURE_RATES: Readonly<Record<Channel, number>> = {
  wechat_moments: 0.025,
  qq_feed: 0.016,
  tencent_news: 0.016,
  jd_search: 0.011,
  jd_recommend: 0.016,
  official_account: 0.008,
  mini_program: 0.0065,
  offline_store: 0.0035,
};

/** Default probability that a person has an identifier of each type (before the cap of 6 per person). */
export const DEFAULT_IDENTIFIER_MIX: Readonly<Record<IdentifierType, number>> = {
  account: 0.72,
  phone: 0.78,
  email: 0.25,
  device: 0.8,
  openid: 0.55,
  unionid: 0.5,
  qq: 0.15,
  cookie: 0.45,
};

/**
 * Default base weekly transition matrix of the latent ACTIVITY level (rows/cols: none, aware,
 * appeal, act, advocate). Row k, column j = probability that a person whose activity level was k
 * last week has level j this week when no paid touch reached them. See {@link simulateWorld}.
 */
export const DEFAULT_STAGE_TRANSITION: readonly (readonly number[])[] = [
  [0.94, 0.05, 0.009, 0.001, 0],
  [0.65, 0.25, 0.095, 0.005, 0],
  [0.3, 0.35, 0.32, 0.03, 0],
  [0.35, 0.25, 0.2, 0.1, 0.1],
  [0.3, 0.25, 0.15, 0.1, 0.2],
];

/** Default distribution of the latent activity level in the week before the world starts. */
export const DEFAULT_INITIAL_ACTIVITY: readonly number[] = [0.75, 0.2, 0.05, 0, 0];

/**
 * Default repeat-buying process (BG/NBD, Fader, Hardie & Lee 2005; values Gamma-Gamma, Fader,
 * Hardie & Lee 2005b), time unit = week. r, α, a, b are close to the published CDNOW estimates
 * (r = 0.243, α = 4.414, a = 0.793, b = 2.426 in weeks); p, q, γ give a mean order value of
 * p·γ/(q − 1) = 6·150/3 = 300 CNY.
 */
export const DEFAULT_PURCHASE_PROCESS = { r: 0.25, alpha: 4, a: 0.8, b: 2.5, p: 6, q: 4, gamma: 150 } as const;

/** Default look-back windows (days) of the stage rule (STAGE-CONTRACT: aware 28, appeal 28, act 84, advocate 84). */
export const DEFAULT_STAGE_WINDOW_DAYS = { aware: 28, appeal: 28, act: 84, advocate: 84 } as const;

/** Largest world: the identifier truth map holds ~5 raw variants a person and a JS Map holds at most 2^24 entries. */
export const MAX_PEOPLE = 2_000_000;

/** Touches per channel and week that count toward the transition odds (more are ignored). */
export const TOUCH_CAP = 3;

const prob = z.number().min(0).max(1);
const positive = z.number().positive().refine(Number.isFinite, { message: 'must be finite' });
const nonNegative = z.number().min(0).refine(Number.isFinite, { message: 'must be finite' });

function channelRecord(value: z.ZodType<number>) {
  return z.strictObject(Object.fromEntries(CHANNELS.map((c) => [c, value.optional()])) as Record<Channel, z.ZodOptional<z.ZodType<number>>>);
}

const stochasticRow = z.array(prob).length(STAGES.length).refine((row) => Math.abs(row.reduce((s, x) => s + x, 0) - 1) <= 1e-9, {
  message: 'must sum to 1',
});

/** Defaults of the `campaign` option of {@link simulateWorld}. */
export const DEFAULT_CAMPAIGN = { startWeek: 40, weeks: 6, treatedCityShare: 0.3, holdout: 0.1, effect: 0.5, channel: 'wechat_moments' } as const;

/**
 * The `campaign` option of {@link simulateWorld} (every field optional, defaults in brackets):
 * - `startWeek` [40]: first campaign week (0-based); `startWeek + weeks` must not exceed the world's weeks.
 * - `weeks` [6]: campaign length in weeks.
 * - `treatedCityShare` [0.3]: share of the world's 30 cities treated (a seeded random subset of
 *   `round(share · 30)` cities, at least one); everyone living in a treated city is the audience.
 * - `holdout` [0.1]: share of the audience held out (seeded Bernoulli per person): never exposed.
 * - `effect` [0.5]: for exposed people (audience, not held out) in each campaign week, the odds of
 *   moving up the ladder that week (and so of the first purchase) are multiplied by `1 + effect`.
 * - `channel` ['wechat_moments']: channel of the one campaign impression each exposed person gets
 *   per campaign week (an `impression` event; it carries no channel effect of its own).
 */
export const CampaignOptionsSchema = z.strictObject({
  startWeek: z.number().int().min(0).max(519).default(DEFAULT_CAMPAIGN.startWeek),
  weeks: z.number().int().min(1).max(520).default(DEFAULT_CAMPAIGN.weeks),
  treatedCityShare: z.number().gt(0).max(1).default(DEFAULT_CAMPAIGN.treatedCityShare),
  holdout: z.number().gt(0).lt(1).default(DEFAULT_CAMPAIGN.holdout),
  effect: nonNegative.max(100).default(DEFAULT_CAMPAIGN.effect),
  channel: z.enum(CHANNELS).default(DEFAULT_CAMPAIGN.channel),
});

/** The resolved `campaign` option (what `world.options.campaign` holds). */
export type ResolvedCampaignOptions = z.output<typeof CampaignOptionsSchema>;

/**
 * Options of {@link simulateWorld} (validated; every field optional, defaults in brackets):
 * - `people` [20_000]: number of people, 1..{@link MAX_PEOPLE}.
 * - `seed` [42]: integer seed of the core PRNG.
 * - `weeks` [52]: whole weeks simulated, 1..520.
 * - `start` [Date.UTC(2025, 0, 6), a Monday]: epoch ms of the start of week 0.
 * - `identifierMix` [{@link DEFAULT_IDENTIFIER_MIX}]: probability a person has each identifier type.
 * - `sharedDeviceRate` [0.03]: probability that a person starts a family of 2–4 consecutive people sharing one device.
 * - `junkRate` [0.01]: probability that a link carries one junk identifier (`unknown`, `null`, `-1`, all-zero ids).
 * - `cookieChurn` [0.8]: mean number of cookie replacements per cookie user over the world's span (Poisson).
 * - `channelEffects` [{@link DEFAULT_CHANNEL_EFFECTS}]: true per-touch odds effect per channel (≥ 0).
 * - `exposureRates` [{@link DEFAULT_EXPOSURE_RATES}]: mean paid impressions per person-week per channel.
 * - `stageTransition` [{@link DEFAULT_STAGE_TRANSITION}]: 5×5 base weekly activity transition matrix (rows sum to 1).
 * - `initialActivity` [{@link DEFAULT_INITIAL_ACTIVITY}]: activity level distribution before week 0 (sums to 1).
 * - `purchaseProcess` [{@link DEFAULT_PURCHASE_PROCESS}]: BG/NBD + Gamma-Gamma parameters (weeks, CNY).
 * - `stageWindowDays` [{@link DEFAULT_STAGE_WINDOW_DAYS}]: look-back windows of the truth stage rule.
 * - `campaign` [absent: no campaign, the world is exactly as without the option]: a measured
 *   campaign with a holdout, see {@link CampaignOptionsSchema}.
 * - `eventLayout` ['objects']: `world.events` as an array of {@link WorldEvent} objects, or (`'columns'`)
 *   as {@link WorldEventColumns} — the same events in the same order as typed-array columns
 *   (core `EventColumns`), which the functions that read events accept as they are. For large
 *   worlds: 12M event objects (1M people) cost ~1 GB of heap and ~5–11 s to create (the VM's memory
 *   speed varies); the columns ~270 MB. A layout, not content: every other part of the world is the same.
 */
export const SimulateOptionsSchema = z.strictObject({
  people: z.number().int().min(1).max(MAX_PEOPLE).default(20_000),
  seed: z.number().int().default(42),
  weeks: z.number().int().min(1).max(520).default(52),
  start: z.number().int().default(Date.UTC(2025, 0, 6)),
  identifierMix: z.strictObject(Object.fromEntries(IDENTIFIER_TYPES.map((t) => [t, prob.optional()])) as Record<IdentifierType, z.ZodOptional<typeof prob>>).default({}),
  sharedDeviceRate: prob.default(0.03),
  junkRate: prob.default(0.01),
  cookieChurn: nonNegative.max(52).default(0.8),
  channelEffects: channelRecord(nonNegative.max(100)).default({}),
  exposureRates: channelRecord(nonNegative.max(50)).default({}),
  stageTransition: z.array(stochasticRow).length(STAGES.length).optional(),
  initialActivity: stochasticRow.optional(),
  purchaseProcess: z.strictObject({
    r: positive.optional(),
    alpha: positive.optional(),
    a: positive.optional(),
    b: positive.optional(),
    p: positive.optional(),
    q: positive.refine((q) => q > 1, { message: 'must be > 1 (finite mean order value)' }).optional(),
    gamma: positive.optional(),
  }).default({}),
  stageWindowDays: z.strictObject({
    aware: z.number().int().min(1).max(3650).optional(),
    appeal: z.number().int().min(1).max(3650).optional(),
    act: z.number().int().min(1).max(3650).optional(),
    advocate: z.number().int().min(1).max(3650).optional(),
  }).default({}),
  campaign: CampaignOptionsSchema.optional(),
  eventLayout: z.enum(['objects', 'columns']).default('objects'),
}).superRefine((o, ctx) => {
  if (o.campaign !== undefined && o.campaign.startWeek + o.campaign.weeks > o.weeks) {
    ctx.addIssue({ code: 'custom', path: ['campaign', 'startWeek'], message: `campaign weeks startWeek + weeks must be <= weeks (${String(o.weeks)})` });
  }
});

/** What callers pass to {@link simulateWorld}. */
export type SimulateOptions = z.input<typeof SimulateOptionsSchema>;

/** Options with every default filled in (what `world.options` holds). */
export interface ResolvedSimulateOptions {
  readonly people: number;
  readonly seed: number;
  readonly weeks: number;
  readonly start: number;
  readonly identifierMix: Readonly<Record<IdentifierType, number>>;
  readonly sharedDeviceRate: number;
  readonly junkRate: number;
  readonly cookieChurn: number;
  readonly channelEffects: Readonly<Record<Channel, number>>;
  readonly exposureRates: Readonly<Record<Channel, number>>;
  readonly stageTransition: readonly (readonly number[])[];
  readonly initialActivity: readonly number[];
  readonly purchaseProcess: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number; readonly p: number; readonly q: number; readonly gamma: number };
  readonly stageWindowDays: { readonly aware: number; readonly appeal: number; readonly act: number; readonly advocate: number };
  /** Present only when the caller passed `campaign`. */
  readonly campaign?: ResolvedCampaignOptions;
  /** Present only when the caller asked for `'columns'` (the default layout leaves the options as they were). */
  readonly eventLayout?: 'columns';
}

/** Fills every default of validated options. */
export function resolveOptions(o: z.output<typeof SimulateOptionsSchema>): ResolvedSimulateOptions {
  const mix = {} as Record<IdentifierType, number>;
  for (const t of IDENTIFIER_TYPES) mix[t] = o.identifierMix[t] ?? DEFAULT_IDENTIFIER_MIX[t];
  const effects = {} as Record<Channel, number>;
  const rates = {} as Record<Channel, number>;
  for (const c of CHANNELS) {
    effects[c] = o.channelEffects[c] ?? DEFAULT_CHANNEL_EFFECTS[c];
    rates[c] = o.exposureRates[c] ?? DEFAULT_EXPOSURE_RATES[c];
  }
  const pp = o.purchaseProcess;
  const d = DEFAULT_PURCHASE_PROCESS;
  const w = o.stageWindowDays;
  const dw = DEFAULT_STAGE_WINDOW_DAYS;
  const out: ResolvedSimulateOptions = {
    people: o.people,
    seed: o.seed,
    weeks: o.weeks,
    start: o.start,
    identifierMix: mix,
    sharedDeviceRate: o.sharedDeviceRate,
    junkRate: o.junkRate,
    cookieChurn: o.cookieChurn,
    channelEffects: effects,
    exposureRates: rates,
    stageTransition: (o.stageTransition ?? DEFAULT_STAGE_TRANSITION).map((r) => r.slice()),
    initialActivity: (o.initialActivity ?? DEFAULT_INITIAL_ACTIVITY).slice(),
    purchaseProcess: { r: pp.r ?? d.r, alpha: pp.alpha ?? d.alpha, a: pp.a ?? d.a, b: pp.b ?? d.b, p: pp.p ?? d.p, q: pp.q ?? d.q, gamma: pp.gamma ?? d.gamma },
    stageWindowDays: { aware: w.aware ?? dw.aware, appeal: w.appeal ?? dw.appeal, act: w.act ?? dw.act, advocate: w.advocate ?? dw.advocate },
  };
  const withCampaign = o.campaign === undefined ? out : { ...out, campaign: { ...o.campaign } };
  return o.eventLayout === 'columns' ? { ...withCampaign, eventLayout: 'columns' } : withCampaign;
}
