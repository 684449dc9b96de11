import { AudienceKitError, isEventColumns } from '../core/index.js';
import { personIndex } from './personIndex.js';
import {
  CHANNELS, EVENT_TYPES, IDENTIFIER_TYPES, LINK_SOURCES, STAGES,
  type Channel, type ColumnarWorld, type EventType, type IdentifierType, type LinkSource, type Stage, type World,
} from './types.js';

/** Counts that describe a simulated world at a glance (what the demo prints). */
export interface WorldSummary {
  readonly people: number;
  readonly weeks: number;
  /** Distinct raw identifier values by type (shared and junk values included). */
  readonly identifiers: Readonly<Record<IdentifierType, number>>;
  readonly sharedIdentifiers: number;
  readonly junkIdentifiers: number;
  readonly links: Readonly<Record<LinkSource, number>>;
  readonly events: number;
  readonly eventsByType: Readonly<Record<EventType, number>>;
  /** Non-purchase events (touchpoints and engagements) by channel. */
  readonly touchpointsByChannel: Readonly<Record<Channel, number>>;
  readonly purchases: number;
  /** People with at least one purchase. */
  readonly customers: number;
  /** Customers with at least two purchases. */
  readonly repeatCustomers: number;
  /** Sum of purchase values (CNY). */
  readonly revenue: number;
  /** People per true stage at the end of the last week. */
  readonly stageDistribution: Readonly<Record<Stage, number>>;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

/**
 * Summarizes a simulated world: identifiers by type, links by source, events by type and channel,
 * purchases, customers and revenue, and the true stage distribution at the last week.
 * O(links + events + people).
 *
 * @param world - a world from {@link simulateWorld}.
 * @returns a {@link WorldSummary} of plain counts.
 * @example
 * summarizeWorld(simulateWorld({ people: 1000 })).people; // => 1000
 */
export function summarizeWorld(world: World | ColumnarWorld): WorldSummary {
  const ids = new Map<string, IdentifierType>();
  const links = zeros(LINK_SOURCES);
  for (const l of world.links) {
    links[l.source]++;
    for (const id of l.identifiers) ids.set(`${id.type}:${id.value}`, id.type);
  }
  const identifiers = zeros(IDENTIFIER_TYPES);
  for (const t of ids.values()) identifiers[t]++;
  const eventsByType = zeros(EVENT_TYPES);
  const touchpointsByChannel = zeros(CHANNELS);
  let revenue = 0, purchases = 0, customers = 0, repeatCustomers = 0;
  // Purchases per person index (events are keyed by the world's own person ids).
  const purchasesOf = new Uint32Array(world.people);
  const ev = world.events;
  if (isEventColumns(ev)) {
    for (let k = 0; k < ev.type.length; k++) {
      const type = EVENT_TYPES[ev.type[k]!]!;
      eventsByType[type]++;
      if (type === 'purchase') {
        purchases++;
        revenue += ev.value[k]!;
        purchasesOf[ev.person[k]!]!++;
      } else {
        touchpointsByChannel[CHANNELS[ev.channel[k]!]!]++;
      }
    }
  } else {
    for (const e of ev) {
      eventsByType[e.type]++;
      if (e.type === 'purchase') {
        purchases++;
        revenue += e.value ?? 0;
        const p = personIndex(e.personId);
        if (p >= world.people) throw new AudienceKitError('INVALID_INPUT', `world.events: a purchase's personId is past world.people (${world.people})`);
        purchasesOf[p]!++;
      } else {
        touchpointsByChannel[e.channel]++;
      }
    }
  }
  for (let i = 0; i < world.people; i++) { const n = purchasesOf[i]!; if (n >= 1) customers++; if (n >= 2) repeatCustomers++; }
  const stageDistribution = zeros(STAGES);
  const last = (world.weeks - 1) * world.people;
  for (let i = 0; i < world.people; i++) stageDistribution[STAGES[world.truth.stage[last + i]!]!]++;
  return {
    people: world.people,
    weeks: world.weeks,
    identifiers,
    sharedIdentifiers: world.truth.sharedIdentifiers.size,
    junkIdentifiers: world.truth.junkIdentifiers.size,
    links,
    events: isEventColumns(ev) ? ev.type.length : ev.length,
    eventsByType,
    touchpointsByChannel,
    purchases,
    customers,
    repeatCustomers,
    revenue: Math.round(revenue * 100) / 100,
    stageDistribution,
  };
}
