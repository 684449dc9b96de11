import { defineStageModel, type StageModel } from './stageModel.js';

/** The event types both presets know (the simulated market's `EVENT_TYPES`). */
const PRESET_EVENT_TYPES = ['impression', 'click', 'follow', 'search', 'browse', 'cart', 'purchase', 'share', 'review', 'referral'];

/**
 * JD's 4A ladder (Aware → Appeal → Act → Advocate), following the stage contract shared with
 * the simulator:
 * - aware (28 days): an `impression` (saw the brand's ads or content);
 * - appeal (28 days): a `click`, `follow` (official account), `search` (the brand), `browse` or `cart`;
 * - act (84 days): a `purchase`;
 * - advocate (84 days): a `share`, `review` or `referral`, or a REPEAT `purchase` (a purchase by a
 *   person with a strictly earlier purchase anywhere in the history given).
 * Lapse: a person's stage is the highest stage with evidence in its window, else `none`.
 */
export const FOUR_A: StageModel = defineStageModel({
  name: '4A',
  eventTypes: PRESET_EVENT_TYPES,
  stages: [
    { name: 'aware', description: 'exposed to the brand\'s ads or content', windowDays: 28, rules: [{ eventTypes: ['impression'] }] },
    { name: 'appeal', description: 'clicked, followed the official account, searched the brand, browsed or carted its products', windowDays: 28, rules: [{ eventTypes: ['click', 'follow', 'search', 'browse', 'cart'] }] },
    { name: 'act', description: 'purchased', windowDays: 84, rules: [{ eventTypes: ['purchase'] }] },
    {
      name: 'advocate', description: 'repurchased, shared, reviewed or referred', windowDays: 84,
      rules: [{ eventTypes: ['share', 'review', 'referral'] }, { eventTypes: ['purchase'], repeat: true }],
    },
  ],
});

/**
 * Alibaba's AIPL ladder (Awareness → Interest → Purchase → Loyalty) over the same event types.
 * AIPL reads loyalty as repeat buying, so it differs from 4A's advocacy:
 * - awareness (30 days): an `impression`;
 * - interest (30 days): a `click`, `follow`, `search`, `browse` or `cart`;
 * - purchase (90 days): a `purchase`;
 * - loyalty (180 days): a REPEAT `purchase` (strictly earlier purchase anywhere in the history),
 *   or a `review` (a buyer's review). Shares and referrals alone are not loyalty in AIPL.
 */
export const AIPL: StageModel = defineStageModel({
  name: 'AIPL',
  eventTypes: PRESET_EVENT_TYPES,
  stages: [
    { name: 'awareness', windowDays: 30, rules: [{ eventTypes: ['impression'] }] },
    { name: 'interest', windowDays: 30, rules: [{ eventTypes: ['click', 'follow', 'search', 'browse', 'cart'] }] },
    { name: 'purchase', windowDays: 90, rules: [{ eventTypes: ['purchase'] }] },
    { name: 'loyalty', windowDays: 180, rules: [{ eventTypes: ['purchase'], repeat: true }, { eventTypes: ['review'] }] },
  ],
});
