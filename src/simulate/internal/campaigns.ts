/**
 * The campaign calendar of the simulated market: weeks in which paid exposure on some channels is
 * multiplied (a spring launch, the 618 and Double 11 shopping festivals) or damped (Chinese New
 * Year). The calendar repeats every 52 weeks. Internal to simulate/.
 */
import { CHANNELS, type Channel } from '../types.js';

export interface CampaignSpec {
  readonly name: string;
  readonly channels: readonly Channel[];
  /** First and last week of the year (0-based, inclusive). */
  readonly fromWeek: number;
  readonly toWeek: number;
  readonly multiplier: number;
}

export const CAMPAIGNS: readonly CampaignSpec[] = [
  { name: 'chinese_new_year', channels: ['jd_search', 'jd_recommend', 'offline_store'], fromWeek: 4, toWeek: 5, multiplier: 0.6 },
  { name: 'spring_launch', channels: ['wechat_moments', 'official_account', 'mini_program'], fromWeek: 12, toWeek: 15, multiplier: 2 },
  { name: '618', channels: ['jd_search', 'jd_recommend', 'wechat_moments', 'qq_feed'], fromWeek: 22, toWeek: 24, multiplier: 2.5 },
  { name: 'double_11', channels: ['jd_search', 'jd_recommend', 'mini_program', 'tencent_news', 'offline_store'], fromWeek: 43, toWeek: 45, multiplier: 3 },
];

/** Exposure multiplier of each channel in each week: `out[w * CHANNELS.length + c]`. */
export function intensityTable(weeks: number): Float64Array {
  const nc = CHANNELS.length;
  const out = new Float64Array(weeks * nc).fill(1);
  for (let w = 0; w < weeks; w++) {
    const wy = w % 52;
    for (const camp of CAMPAIGNS) {
      if (wy < camp.fromWeek || wy > camp.toWeek) continue;
      for (const ch of camp.channels) out[w * nc + CHANNELS.indexOf(ch)]! *= camp.multiplier;
    }
  }
  return out;
}
