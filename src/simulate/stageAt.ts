import { AudienceKitError } from '../core/index.js';
import { STAGES, type Stage, type World } from './types.js';

/**
 * The true stage of person `person` at the end of week `week` of a simulated world, read from
 * `world.truth.stage[week * world.people + person]`. O(1).
 *
 * @param world - a world from {@link simulateWorld}.
 * @param person - person index (0-based; see {@link personIndex}).
 * @param week - week index (0-based).
 * @returns the stage name (`'none' | 'aware' | 'appeal' | 'act' | 'advocate'`).
 * @throws AudienceKitError `INVALID_INPUT` when `person` or `week` is not an integer in range.
 * @example
 * stageAt(simulateWorld({ people: 100 }), 0, 51); // => e.g. 'aware'
 */
export function stageAt(world: Pick<World, 'people' | 'weeks' | 'truth'>, person: number, week: number): Stage {
  if (!Number.isInteger(person) || person < 0 || person >= world.people) {
    throw new AudienceKitError('INVALID_INPUT', `person must be an integer in [0, ${world.people}), got ${String(person)}`);
  }
  if (!Number.isInteger(week) || week < 0 || week >= world.weeks) {
    throw new AudienceKitError('INVALID_INPUT', `week must be an integer in [0, ${world.weeks}), got ${String(week)}`);
  }
  return STAGES[world.truth.stage[week * world.people + person]!]!;
}
