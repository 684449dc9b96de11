/**
 * The latent segments of the simulated market and how they shape profiles and channel affinity.
 * Internal to simulate/. Interests are the strongest signal of a segment; age, gender, city tier,
 * spend and channel affinity add weaker, overlapping signals.
 */
import type { Channel, Profile } from '../types.js';

export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55+'] as const;

/** Interest vocabulary (every segment's own tags plus general ones). */
export const INTERESTS = [
  'beauty', 'skincare', 'cosmetics', 'fashion',
  'maternity', 'baby_care', 'parenting', 'education',
  'electronics', 'gaming', 'gadgets', 'photography',
  'deals', 'groceries', 'home', 'coupons',
  'luxury', 'travel', 'wine', 'golf',
  'sports', 'fitness', 'outdoor', 'running',
  'food', 'movies', 'music', 'pets', 'health', 'cars',
] as const;

export interface SegmentSpec {
  readonly name: string;
  readonly weight: number;
  /** Own interest tags (indices into INTERESTS). */
  readonly interests: readonly number[];
  /** Weights over AGE_BANDS. */
  readonly age: readonly number[];
  /** Probability of 'f' (of known gender). */
  readonly female: number;
  /** Weights over city tiers 1..5. */
  readonly tier: readonly number[];
  /** Median annual category spend (CNY). */
  readonly spendMedian: number;
  /** Channel affinity: multiplier of the exposure rate per channel. */
  readonly affinity: Readonly<Record<Channel, number>>;
}

const idx = (...names: (typeof INTERESTS)[number][]): number[] => names.map((n) => INTERESTS.indexOf(n));

export const SEGMENTS: readonly SegmentSpec[] = [
  {
    name: 'beauty_lovers', weight: 0.2, interests: idx('beauty', 'skincare', 'cosmetics', 'fashion'),
    age: [0.35, 0.4, 0.15, 0.07, 0.03], female: 0.88, tier: [0.3, 0.35, 0.2, 0.1, 0.05], spendMedian: 6000,
    affinity: { wechat_moments: 1.8, qq_feed: 0.6, tencent_news: 0.5, jd_search: 1.0, jd_recommend: 1.3, official_account: 1.5, mini_program: 1.6, offline_store: 1.2 },
  },
  {
    name: 'young_moms', weight: 0.17, interests: idx('maternity', 'baby_care', 'parenting', 'education'),
    age: [0.1, 0.6, 0.25, 0.04, 0.01], female: 0.85, tier: [0.2, 0.3, 0.25, 0.15, 0.1], spendMedian: 4500,
    affinity: { wechat_moments: 1.6, qq_feed: 0.5, tencent_news: 0.8, jd_search: 1.2, jd_recommend: 1.1, official_account: 1.3, mini_program: 1.8, offline_store: 0.8 },
  },
  {
    name: 'tech_enthusiasts', weight: 0.16, interests: idx('electronics', 'gaming', 'gadgets', 'photography'),
    age: [0.35, 0.4, 0.17, 0.06, 0.02], female: 0.2, tier: [0.3, 0.35, 0.2, 0.1, 0.05], spendMedian: 5000,
    affinity: { wechat_moments: 0.6, qq_feed: 2.0, tencent_news: 1.4, jd_search: 1.8, jd_recommend: 1.4, official_account: 0.5, mini_program: 0.5, offline_store: 0.6 },
  },
  {
    name: 'value_seekers', weight: 0.22, interests: idx('deals', 'groceries', 'home', 'coupons'),
    age: [0.1, 0.2, 0.25, 0.25, 0.2], female: 0.55, tier: [0.05, 0.15, 0.3, 0.3, 0.2], spendMedian: 1800,
    affinity: { wechat_moments: 0.9, qq_feed: 1.1, tencent_news: 1.3, jd_search: 0.8, jd_recommend: 1.2, official_account: 0.6, mini_program: 1.1, offline_store: 1.3 },
  },
  {
    name: 'premium_shoppers', weight: 0.1, interests: idx('luxury', 'travel', 'wine', 'golf'),
    age: [0.03, 0.22, 0.38, 0.27, 0.1], female: 0.5, tier: [0.6, 0.3, 0.07, 0.02, 0.01], spendMedian: 15000,
    affinity: { wechat_moments: 1.3, qq_feed: 0.3, tencent_news: 1.2, jd_search: 0.8, jd_recommend: 0.7, official_account: 1.6, mini_program: 0.9, offline_store: 2.2 },
  },
  {
    name: 'sports_fans', weight: 0.15, interests: idx('sports', 'fitness', 'outdoor', 'running'),
    age: [0.3, 0.35, 0.2, 0.1, 0.05], female: 0.35, tier: [0.2, 0.3, 0.25, 0.15, 0.1], spendMedian: 3500,
    affinity: { wechat_moments: 1.0, qq_feed: 1.3, tencent_news: 1.0, jd_search: 1.1, jd_recommend: 0.9, official_account: 0.7, mini_program: 0.8, offline_store: 1.0 },
  },
];

export const CITIES: readonly (readonly string[])[] = [
  ['Beijing', 'Shanghai', 'Guangzhou', 'Shenzhen'],
  ['Chengdu', 'Hangzhou', 'Wuhan', 'Nanjing', "Xi'an", 'Chongqing', 'Suzhou', 'Tianjin'],
  ['Kunming', 'Xiamen', 'Hefei', 'Fuzhou', 'Jinan', 'Nanning', 'Changchun'],
  ['Luoyang', 'Mianyang', 'Ganzhou', 'Yichang', 'Zhuzhou', 'Baoding'],
  ['Dali', 'Jiujiang', 'Hanzhong', 'Tongren', 'Anshun'],
];

/** Probability that an interest tag is drawn from the person's own segment (else from the whole vocabulary). */
export const OWN_INTEREST_PROBABILITY = 0.4;

export type AgeBand = Profile['ageBand'];
