/**
 * The data contract of the simulated market (`simulateWorld`). Every other module's demo, tests
 * and benchmarks read these shapes, so fields are only ever added, never renamed.
 *
 * Time: epoch milliseconds; the world runs `weeks` whole weeks from `start` (a Monday 00:00 UTC).
 * Week `w` covers `[start + w·WEEK_MS, start + (w+1)·WEEK_MS)`.
 * People are numbered 0..people−1 and identified by `personId = 'p' + zero-padded index`
 * (`personIndex(personId)` inverts it); every row keyed by a person carries the TRUE person.
 */
import type { EventColumns } from '../core/index.js';

export const WEEK_MS = 7 * 24 * 3600 * 1000;
export const DAY_MS = 24 * 3600 * 1000;

export const IDENTIFIER_TYPES = Object.freeze(['account', 'phone', 'email', 'device', 'openid', 'unionid', 'qq', 'cookie'] as const);
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export const LINK_SOURCES = Object.freeze(['commerce_login', 'social_login', 'crm_upload', 'mini_program', 'offline_pos'] as const);
export type LinkSource = (typeof LINK_SOURCES)[number];

export const CHANNELS = Object.freeze(['wechat_moments', 'qq_feed', 'tencent_news', 'jd_search', 'jd_recommend', 'official_account', 'mini_program', 'offline_store'] as const);
export type Channel = (typeof CHANNELS)[number];

/** The 4A ladder plus "not in ladder"; index = stage code used in typed arrays. */
export const STAGES = Object.freeze(['none', 'aware', 'appeal', 'act', 'advocate'] as const);
export type Stage = (typeof STAGES)[number];

/**
 * Event types. Which stage an event is evidence of (the FOUR_A preset of `lifecycle` follows this):
 * - aware:    `impression` (saw an ad or content of the brand)
 * - appeal:   `click`, `follow` (official account), `search` (the brand), `browse`, `cart`
 * - act:      `purchase` (a person's first purchase, or any purchase)
 * - advocate: `share`, `review`, `referral`, and a repeat `purchase`
 */
export const EVENT_TYPES = Object.freeze(['impression', 'click', 'follow', 'search', 'browse', 'cart', 'purchase', 'share', 'review', 'referral'] as const);
export type EventType = (typeof EVENT_TYPES)[number];

/** An identifier as observed (raw: varied formats, case, whitespace; may be junk). */
export interface RawIdentifier {
  readonly type: IdentifierType;
  readonly value: string;
}

/** Identifiers observed together by one source at one time. */
export interface WorldLink {
  readonly identifiers: readonly RawIdentifier[];
  readonly source: LinkSource;
  readonly time: number;
}

export interface Profile {
  readonly personId: string;
  readonly ageBand: '18-24' | '25-34' | '35-44' | '45-54' | '55+';
  readonly gender: 'f' | 'm' | 'unknown';
  /** 1 (Beijing, Shanghai, …) to 5. */
  readonly cityTier: 1 | 2 | 3 | 4 | 5;
  readonly city: string;
  readonly interests: readonly string[];
  /** Annual spend in the category (CNY), all brands: a profile attribute, not the brand's purchases. */
  readonly spend: number;
}

/**
 * The world's events as columns (`simulateWorld({ eventLayout: 'columns' })`): the core
 * `EventColumns` contract with the dictionaries fixed to {@link EVENT_TYPES} and {@link CHANNELS}
 * (codes are their indices), `personIds` the world's own array (person code = person index),
 * `value` the order value of purchases and `NaN` elsewhere. Row k is the k-th event of the
 * object layout, field for field. The five columns are views of ONE ArrayBuffer, sized when
 * generation starts (~22 bytes × 16 events a person; untouched pages cost no memory; a world with
 * more events gets one buffer of the exact size at the end; outside the columns it holds zeros): transferring
 * or `structuredClone`-ing one column carries the whole buffer — `slice()` a column to keep it alone.
 */
export interface WorldEventColumns extends EventColumns {
  readonly eventTypes: typeof EVENT_TYPES;
  readonly type: Uint8Array;
  readonly channels: typeof CHANNELS;
  readonly channel: Uint8Array;
  readonly value: Float64Array;
}

/** A brand event: an ad exposure, an engagement, or a purchase (`type === 'purchase'`, with `value`). */
export interface WorldEvent {
  readonly personId: string;
  readonly time: number;
  readonly type: EventType;
  readonly channel: Channel;
  /** Order value (CNY) for purchases; absent otherwise. */
  readonly value?: number;
}

export interface ChannelTruth {
  readonly channel: Channel;
  /**
   * True incremental effect of one touch on this channel in a week: the relative increase of the
   * odds of moving up the ladder that week (0 = no effect). Attribution rankings are compared
   * with this (Spearman). In simulateWorld the touches are paid impressions; each multiplies the
   * odds by (1 + effect), at most 3 touches per channel and week counting.
   */
  readonly effect: number;
}

export interface WorldTruth {
  /**
   * True person index of every distinct raw identifier value seen in `links`, keyed `type + ':' + value` (raw, as emitted). Shared identifiers map to every person that uses them, in `sharedIdentifiers`.
   * A `ReadonlyMap`, not a `Map` instance (`instanceof Map` is false; `structuredClone` drops it): it reads the links' own `{ type, value }` objects, so treat the world as read-only (normalize into new objects), and copy it with `new Map(truth.personOfIdentifier)` where a real `Map` is needed.
   */
  readonly personOfIdentifier: ReadonlyMap<string, number>;
  /** Raw identifiers (same key form) used by 2–4 people (family devices); not in `personOfIdentifier`. */
  readonly sharedIdentifiers: ReadonlyMap<string, readonly number[]>;
  /** Junk identifier keys injected as noise (`unknown`, all-zero device ids, …). */
  readonly junkIdentifiers: ReadonlySet<string>;
  /** Latent segment of each person (index into `segmentNames`). */
  readonly segment: Uint8Array;
  readonly segmentNames: readonly string[];
  /** True stage code (index into STAGES) of person i at the END of week w: `stage[w * people + i]`. */
  readonly stage: Uint8Array;
  /**
   * Base weekly stage transition probabilities (5×5, rows sum to 1) before touchpoint effects.
   * Precisely (simulateWorld): row k, column j = probability that a person whose latent ACTIVITY
   * level (the highest evidence the person produces in a week) was k last week has level j this
   * week, when no paid touch reached them that week; touches multiply the odds of moving up. The
   * stages in `stage` are computed from the evidence with the windowed rule, so `transition`
   * (realised stages) differs from this matrix (windows make stages stickier).
   */
  readonly baseTransition: readonly (readonly number[])[];
  /** Population-level weekly transition matrix realised in the world (5×5, rows sum to 1; a row with no visits is the identity row). */
  readonly transition: readonly (readonly number[])[];
  readonly channelEffects: readonly ChannelTruth[];
  /** Repeat-buying process (buy till you die) parameters used to generate purchases. */
  readonly purchaseProcess: {
    readonly model: 'bg-nbd';
    /** Transaction rate λ ~ Gamma(shape r, rate α) per week. */
    readonly r: number;
    readonly alpha: number;
    /** Dropout probability after each purchase p ~ Beta(a, b). */
    readonly a: number;
    readonly b: number;
    /** Spend: per-customer mean ν ~ Gamma(q, γ), order value ~ Gamma(p, ν) (Gamma-Gamma). */
    readonly p: number;
    readonly q: number;
    readonly gamma: number;
  };
  /** Per person: true weekly purchase rate λ (0 for people who never became customers). */
  readonly purchaseRate: Float64Array;
  /** Per person: time (epoch ms) the customer dropped out, or +Infinity if alive at the end, NaN if never a customer. In simulateWorld the dropout happens right AFTER a repeat purchase (BG/NBD), so it equals that purchase's time and every purchase has `time <= dropoutTime`. */
  readonly dropoutTime: Float64Array;
  /** Campaign calendar (simulateWorld): weeks of the year (0-based, inclusive, repeating every 52 weeks) in which paid exposure on `channels` is multiplied by `multiplier`. */
  readonly campaigns?: readonly CampaignTruth[];
  /** The measured campaign of the `campaign` option (absent without it). */
  readonly campaign?: MeasuredCampaignTruth;
}

/**
 * Truth of the measured campaign (`simulateWorld({ campaign })`). Exposed = in `audience` and not
 * held out; exposed people get one campaign impression per campaign week and their weekly odds of
 * moving up are multiplied by `1 + effect`. Campaign weeks are `startWeek .. startWeek + weeks − 1`.
 *
 * The counterfactual: for every exposed person the simulator also walks the latent activity level
 * WITHOUT the campaign through the campaign weeks, with the same uniform draw for each week's
 * transition (common random numbers) and the same paid touches. A first purchase is counted in a
 * week when the person's first purchase happens that week (a purchase follows from reaching the
 * act level while not yet a customer).
 */
export interface MeasuredCampaignTruth {
  readonly startWeek: number;
  readonly weeks: number;
  /** Channel of the campaign impressions. */
  readonly channel: Channel;
  readonly treatedCities: readonly string[];
  /** Person indices living in treated cities (ascending), holdout included. */
  readonly audience: Int32Array;
  /** Per person (length `people`): 1 = held out (only audience members can be), else 0. */
  readonly holdout: Uint8Array;
  readonly effect: number;
  /** Exposed people: `audience` minus the holdout. */
  readonly exposedCount: number;
  /** First purchases of exposed people during the campaign weeks, as realised. */
  readonly exposedConversions: number;
  /** First purchases the same exposed people would have made during the campaign weeks without the campaign. */
  readonly counterfactualConversions: number;
  /** `exposedConversions − counterfactualConversions`: first purchases caused by the campaign. */
  readonly trueIncrementalConversions: number;
  /** `trueIncrementalConversions / counterfactualConversions` (0 when there are none). */
  readonly trueRelativeLift: number;
  /** Per campaign week k (week `startWeek + k`): incremental first purchases of that week. */
  readonly incrementalByWeek: readonly number[];
}

/** A campaign of the simulated market's calendar (see `WorldTruth.campaigns`). */
export interface CampaignTruth {
  readonly name: string;
  readonly channels: readonly Channel[];
  readonly fromWeek: number;
  readonly toWeek: number;
  readonly multiplier: number;
}

export interface World {
  readonly options: Readonly<Record<string, unknown>>;
  readonly start: number;
  readonly weeks: number;
  readonly people: number;
  readonly personIds: readonly string[];
  readonly links: readonly WorldLink[];
  readonly profiles: readonly Profile[];
  /** All brand events, sorted by time (ties by personId then type, in EVENT_TYPES order). */
  readonly events: readonly WorldEvent[];
  readonly truth: WorldTruth;
}

/** A world with `eventLayout: 'columns'`: everything as in {@link World}, the events as columns. */
export interface ColumnarWorld extends Omit<World, 'events'> {
  /** All brand events, in the same order as the object layout's `events`. */
  readonly events: WorldEventColumns;
}
