// Review regression: touches at the same time give the same path whatever the input order.
import { expect, it } from 'vitest';
import { journeysFromTouchpoints } from '../../src/attribution/index.js';

it('same-time touches are ordered by channel, not by input order', () => {
  const tps = [
    { personId: 'a', time: 10, channel: 'wechat_moments' },
    { personId: 'a', time: 10, channel: 'jd_search' },
    { personId: 'a', time: 5, channel: 'qq_feed' },
  ];
  const convs = [{ personId: 'a', time: 20 }];
  const paths = (rows: typeof tps) => JSON.stringify(journeysFromTouchpoints(rows, convs, { lookbackMs: 100, aggregate: false }));
  expect(paths(tps.slice().reverse())).toBe(paths(tps));
  expect(paths(tps)).toContain('"qq_feed","jd_search","wechat_moments"');
});
