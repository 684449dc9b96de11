/**
 * audience-kit/segments: rule-based audience definitions (JSON rule trees over profile fields and
 * event conditions), set operations, overlap, and TGI insight with a privacy floor.
 * @module
 */
export { defineSegment, SegmentRuleSchema, EqRuleSchema, InRuleSchema, RangeRuleSchema, ContainsRuleSchema, ContainsAnyRuleSchema, ContainsAllRuleSchema, EventRuleSchema, Scalar } from './rule.js';
export type { Segment, SegmentRule, SegmentRuleInput, FieldRule, EventRule } from './rule.js';
export { selectSegment, SelectSegmentOptionsSchema } from './selectSegment.js';
export type { SegmentSelection, SelectSegmentOptions } from './selectSegment.js';
export { unionAudiences, intersectAudiences, differenceAudiences, intersectionSize } from './setOperations.js';
export type { AudienceMembers } from './setOperations.js';
export { audienceOverlap, OverlapOptionsSchema, DEFAULT_MIN_AUDIENCE_SIZE } from './audienceOverlap.js';
export type { OverlapPair } from './audienceOverlap.js';
export { audienceInsight, InsightOptionsSchema } from './audienceInsight.js';
export type { InsightCell, InsightResult } from './audienceInsight.js';
