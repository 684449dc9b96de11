/**
 * Identifiers and identity links of one person at a time (streaming), with the noise a real ID
 * graph has: shared family devices, churned cookies, junk values. Internal to simulate/.
 *
 * Guarantee (what identity resolution relies on): the identifiers a person owns are connected
 * through that person's own links WITHOUT going through a shared device or a junk value, so a
 * resolver that refuses to merge on shared/junk identifiers can still reach every person.
 */
import type { Rng } from '../../core/index.js';
import { IdentifierKeyMap } from './identifierKeyMap.js';
import { IDENTIFIER_TYPES, LINK_SOURCES, type RawIdentifier, type WorldLink } from '../types.js';
import {
  EMAIL_FORMATS, JUNK_VALUES, PHONE_FORMATS, accountId, canonicalEmail, canonicalPhone, cookieId, deviceId, formatDevice, formatEmail, formatPhone,
  joinPair, pickDeviceFormat, pickEmailFormat, pickPhoneFormat, qqNumber, wechatId,
} from './identifierValues.js';

const T_ACCOUNT = 0, T_PHONE = 1, T_EMAIL = 2, T_DEVICE = 3, T_OPENID = 4, T_UNIONID = 5, T_QQ = 6, T_COOKIE = 7;
/** Priority of the anchor identifier (the strongest the person has). */
const ANCHOR_ORDER = [T_ACCOUNT, T_PHONE, T_UNIONID, T_OPENID, T_EMAIL, T_QQ, T_DEVICE, T_COOKIE];
const MAX_TYPES = 6;
const MAX_COOKIES = 12;
// Link source codes (index into LINK_SOURCES).
const S_COMMERCE = 0, S_SOCIAL = 1, S_CRM = 2, S_MINI = 3, S_POS = 4;
/** Bounds of the per-person scratch: ≤ 5 other types + 12 cookies + 1 shared device = 18 slots;
 * ≤ 12 + 2 + 3 + 1 + 2 + 1 + 1 drafts before the fix-up, which adds ≤ 17 bridges and 1 solo link;
 * a draft holds ≤ 3 slots plus ≤ 2 shared-device copies. */
const MAX_SLOTS = 32, MAX_DRAFTS = 64, DRAFT_CAP = 8;
/** Capacity presized per person (see the constructor): links, own identifiers. */
const LINKS_PER_PERSON = 6, IDENTIFIERS_PER_PERSON = 7;
/** Raw renderings kept per slot (phone has 7 formats, e-mail 6, device 2). */
const FORMATS_CAP = 8;

export interface IdentityTruthSink {
  readonly sharedIdentifiers: Map<string, readonly number[]>;
  readonly junkIdentifiers: Set<string>;
}

export interface IdentityParams {
  readonly people: number;
  readonly spanSec: number;
  readonly mix: readonly number[];
  readonly sharedDeviceRate: number;
  readonly junkRate: number;
  readonly cookieChurn: number;
}

/**
 * Streaming generator: call `person(i)` for i = 0, 1, 2, … in order.
 *
 * Per person it draws the identifier slots (type, canonical value, validity interval), then draft
 * links (source, slot list, second), then renders each draft into a {@link WorldLink}. All
 * per-person state lives in preallocated typed scratch (no per-person objects, arrays or
 * closures): at 1M people the generator used to allocate ~4 KB of short-lived garbage a person,
 * which made every young-generation GC copy survivors instead of promoting whole pages.
 */
export class IdentityGenerator {
  readonly links: WorldLink[] = [];
  /** Link time in seconds from start, parallel to `links` (for the final sort). */
  linkSec: Uint32Array;
  /** Scratch of the final link sort (`stableOrderByKey` in radixOrder.ts), in the same buffer as `linkSec`. */
  readonly linkOrderScratch: { readonly tmp: Int32Array; readonly out: Int32Array };
  private familyLeft = 0;
  private familyDevice = '';
  /** Renderings of the current family device, shared by all members (one truth key per rendering). */
  private familyRendered: (RawIdentifier | undefined)[] = [];
  private readonly junk: readonly RawIdentifier[] = JUNK_VALUES.map((j) => ({ type: j.type, value: j.value }));
  private readonly junkKeys: readonly string[] = JUNK_VALUES.map((j) => joinPair(j.type, ':', j.value));
  private familyMembers: readonly number[] = [];
  private readonly salts: readonly number[];
  // Per-person scratch, reused (an object or array per person costs allocations and GC at 1M people).
  private readonly slotOf = new Int32Array(8);
  private readonly parent = new Int32Array(MAX_SLOTS);
  private readonly seen = new Uint8Array(MAX_SLOTS);
  private readonly has = new Uint8Array(8);
  /** Slots: identifier type, canonical value, validity interval [from, to) in seconds, renderings by format. */
  private nSlots = 0;
  private readonly slotType = new Int32Array(MAX_SLOTS);
  private readonly slotFrom = new Int32Array(MAX_SLOTS);
  private readonly slotTo = new Int32Array(MAX_SLOTS);
  private readonly slotCanon: string[] = new Array<string>(MAX_SLOTS).fill('');
  private readonly slotRendered: (RawIdentifier | undefined)[] = new Array<RawIdentifier | undefined>(MAX_SLOTS * FORMATS_CAP).fill(undefined);
  /** Draft links: source code, second, slot count and slots (`DRAFT_CAP` per draft). */
  private nDrafts = 0;
  private readonly draftSource = new Uint8Array(MAX_DRAFTS);
  private readonly draftSec = new Int32Array(MAX_DRAFTS);
  private readonly draftLen = new Uint8Array(MAX_DRAFTS);
  private readonly draftSlots = new Int32Array(MAX_DRAFTS * DRAFT_CAP);
  private readonly cuts = new Int32Array(MAX_COOKIES);
  private readonly cookieSlots = new Int32Array(MAX_COOKIES);
  private readonly carriers = new Int32Array(MAX_DRAFTS);
  /** Own identifiers and their person, in first-seen order; indexed into `truth.personOfIdentifier` by {@link finish}. */
  private ownIds: RawIdentifier[] = [];
  private ownPerson: Int32Array;

  constructor(private readonly rng: Rng, private readonly p: IdentityParams, private readonly truth: IdentityTruthSink, private readonly start: number) {
    this.salts = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    // Presized, before generation: grown by doubling, these arrays and the link sort's scratch were
    // ~130 MB of ArrayBuffers allocated while the world's objects filled the heap, and external
    // memory that grows by more than ~64 MB starts a full mark-compact (1.8 s over the 1.3 GB world
    // at 1M people, freeing nothing). Untouched capacity costs no memory. More than the estimate
    // (the default world has ~4.5 links and ~5.2 identifiers a person) falls back to doubling.
    const linkCap = p.people * LINKS_PER_PERSON + 1024;
    const buf = new ArrayBuffer(linkCap * 12);
    this.linkSec = new Uint32Array(buf, 0, linkCap);
    this.linkOrderScratch = { tmp: new Int32Array(buf, 4 * linkCap, linkCap), out: new Int32Array(buf, 8 * linkCap, linkCap) };
    this.ownPerson = new Int32Array(p.people * IDENTIFIERS_PER_PERSON + 1024);
  }

  private addSlot(type: number, canon: string, from: number, to: number): number {
    const k = this.nSlots++;
    this.slotType[k] = type; this.slotCanon[k] = canon; this.slotFrom[k] = from; this.slotTo[k] = to;
    return k;
  }

  /** Starts a draft link; returns its index. */
  private draft(source: number): number {
    const d = this.nDrafts++;
    this.draftSource[d] = source; this.draftLen[d] = 0;
    return d;
  }

  private put(d: number, slot: number): void {
    this.draftSlots[d * DRAFT_CAP + this.draftLen[d]!] = slot;
    this.draftLen[d]!++;
  }

  /** Adds the slot of `type` to draft `d` with probability `prob` (no draw when the person lacks the type). */
  private opt(d: number, type: number, prob: number): void {
    const s = this.slotOf[type]!;
    if (s >= 0 && this.rng.bernoulli(prob)) this.put(d, s);
  }

  /** A uniform second in [from, to) (the whole span by default). */
  private time(from: number, to: number): number {
    return to > from ? this.rng.int(from, to - 1) : from;
  }

  private anchorOf(): number {
    for (const t of ANCHOR_ORDER) if (this.has[t] === 1) return t;
    return T_COOKIE;
  }

  person(i: number): void {
    const rng = this.rng, p = this.p;
    // Family devices: consecutive people 2–4 share one device.
    if (this.familyLeft === 0 && p.sharedDeviceRate > 0 && i + 1 < p.people && rng.bernoulli(p.sharedDeviceRate)) {
      const size = Math.min(rng.int(2, 4), p.people - i);
      this.familyLeft = size;
      this.familyDevice = deviceId(rng);
      this.familyRendered = [];
      const members: number[] = [];
      for (let k = 0; k < size; k++) members.push(i + k);
      this.familyMembers = members;
    }
    const inFamily = this.familyLeft > 0;
    if (inFamily) this.familyLeft--;

    const has = this.has;
    let count = 0;
    for (let t = 0; t < 8; t++) { has[t] = rng.bernoulli(p.mix[t]!) ? 1 : 0; count += has[t]!; }
    // Family members log into the commerce app with their own accounts on the shared device.
    if (inFamily && has[T_ACCOUNT] === 0) { has[T_ACCOUNT] = 1; count++; }
    if (count === 0) {
      let best = 0;
      for (let t = 1; t < 8; t++) if (p.mix[t]! > p.mix[best]!) best = t;
      has[best] = 1; count = 1;
    }
    let anchorType = this.anchorOf();
    while (count > MAX_TYPES) {
      const t = rng.int(0, 7);
      if (has[t] === 1 && t !== anchorType) { has[t] = 0; count--; }
    }
    anchorType = this.anchorOf();

    const span = p.spanSec;
    const slotOf = this.slotOf.fill(-1);
    this.nSlots = 0;
    if (has[T_ACCOUNT] === 1) slotOf[T_ACCOUNT] = this.addSlot(T_ACCOUNT, accountId(i, this.salts[0]!), 0, span);
    if (has[T_PHONE] === 1) slotOf[T_PHONE] = this.addSlot(T_PHONE, canonicalPhone(i, this.salts[1]!), 0, span);
    if (has[T_EMAIL] === 1) slotOf[T_EMAIL] = this.addSlot(T_EMAIL, has[T_QQ] === 1 && rng.bernoulli(0.3) ? joinPair(qqNumber(i, this.salts[2]!), '', '@qq.com') : canonicalEmail(i, this.salts[3]!, rng), 0, span);
    if (has[T_DEVICE] === 1) slotOf[T_DEVICE] = this.addSlot(T_DEVICE, deviceId(rng), 0, span);
    if (has[T_OPENID] === 1) slotOf[T_OPENID] = this.addSlot(T_OPENID, wechatId(rng), 0, span);
    if (has[T_UNIONID] === 1) slotOf[T_UNIONID] = this.addSlot(T_UNIONID, wechatId(rng), 0, span);
    if (has[T_QQ] === 1) slotOf[T_QQ] = this.addSlot(T_QQ, qqNumber(i, this.salts[2]!), 0, span);
    const cookieSlots = this.cookieSlots;
    let nCookies = 0;
    if (has[T_COOKIE] === 1) {
      const n = Math.min(MAX_COOKIES, 1 + (p.cookieChurn > 0 ? rng.poisson(p.cookieChurn) : 0));
      const cuts = this.cuts;
      for (let k = 1; k < n; k++) {
        // insertion into the sorted prefix (same order as sorting the draws afterwards)
        const x = rng.int(0, span - 1);
        let j = k - 1;
        while (j > 0 && cuts[j - 1]! > x) { cuts[j] = cuts[j - 1]!; j--; }
        cuts[j] = x;
      }
      let from = 0;
      for (let k = 0; k < n; k++) {
        const to = k < n - 1 ? Math.max(from + 1, cuts[k]!) : span;
        cookieSlots[nCookies++] = this.addSlot(T_COOKIE, cookieId(rng), from, Math.min(span, to));
        from = Math.min(span - 1, to);
      }
      slotOf[T_COOKIE] = cookieSlots[0]!;
    }
    const sharedSlot = inFamily ? this.addSlot(T_DEVICE, this.familyDevice, 0, span) : -1;

    this.nDrafts = 0;
    const acc = slotOf[T_ACCOUNT]!, ph = slotOf[T_PHONE]!, em = slotOf[T_EMAIL]!, dev = slotOf[T_DEVICE]!;
    const oid = slotOf[T_OPENID]!, uid = slotOf[T_UNIONID]!, qq = slotOf[T_QQ]!;
    const draftSec = this.draftSec;

    if (acc >= 0) {
      for (let k = 0; k < nCookies; k++) {
        const c = cookieSlots[k]!;
        const d = this.draft(S_COMMERCE);
        this.put(d, acc); this.put(d, c);
        this.opt(d, T_DEVICE, 0.4);
        draftSec[d] = this.time(this.slotFrom[c]!, this.slotTo[c]!);
      }
      const extra = nCookies > 0 ? (rng.bernoulli(0.4) ? 1 : 0) : (rng.bernoulli(0.3) ? 2 : 1);
      for (let k = 0; k < extra; k++) {
        const d = this.draft(S_COMMERCE);
        this.put(d, acc);
        this.opt(d, T_PHONE, 0.5);
        this.opt(d, T_DEVICE, 0.5);
        draftSec[d] = this.time(0, span);
      }
    } else {
      for (let k = 0; k < nCookies; k++) {
        const c = cookieSlots[k]!;
        const d = this.draft(S_COMMERCE);
        this.put(d, c);
        this.opt(d, T_DEVICE, 0.7);
        draftSec[d] = this.time(this.slotFrom[c]!, this.slotTo[c]!);
      }
    }
    if (oid >= 0 || uid >= 0) {
      const n = rng.bernoulli(0.2) ? 2 : 1;
      for (let k = 0; k < n; k++) {
        const d = this.draft(S_SOCIAL);
        if (oid >= 0) this.put(d, oid);
        if (uid >= 0) this.put(d, uid);
        this.opt(d, T_DEVICE, 0.6);
        draftSec[d] = this.time(0, span);
      }
      if (uid >= 0 && rng.bernoulli(0.5)) {
        const d = this.draft(S_MINI);
        if (oid >= 0) this.put(d, oid);
        this.put(d, uid);
        this.opt(d, T_PHONE, 0.6);
        draftSec[d] = this.time(0, span);
      }
    }
    if (em >= 0) {
      if (ph >= 0) { const d = this.draft(S_CRM); this.put(d, ph); this.put(d, em); draftSec[d] = this.time(0, span); }
      else if (acc >= 0) { const d = this.draft(S_COMMERCE); this.put(d, acc); this.put(d, em); draftSec[d] = this.time(0, span); }
    }
    if (ph >= 0) {
      if (rng.bernoulli(0.3)) { const d = this.draft(S_POS); this.put(d, ph); draftSec[d] = this.time(0, span); }
      if (rng.bernoulli(0.15)) { const d = this.draft(S_CRM); this.put(d, ph); draftSec[d] = this.time(0, span); }
    }
    if (qq >= 0) {
      const d = this.draft(S_SOCIAL);
      this.put(d, qq);
      if (dev >= 0) this.put(d, dev);
      else if (uid >= 0) this.put(d, uid);
      draftSec[d] = this.time(0, span);
    }
    if (sharedSlot >= 0) {
      // The family device shows up in 1–2 of this person's account logins, never as their only bridge.
      const carriers = this.carriers;
      let nCarriers = 0;
      for (let k = 0; k < this.nDrafts; k++) if (this.draftSource[k] === S_COMMERCE && this.draftSlots[k * DRAFT_CAP] === acc) carriers[nCarriers++] = k;
      const times = rng.int(1, 2);
      if (nCarriers > 0) {
        for (let k = 0; k < times; k++) this.put(carriers[rng.int(0, nCarriers - 1)]!, sharedSlot);
      } else {
        const d = this.draft(S_COMMERCE);
        this.put(d, slotOf[anchorType]!); this.put(d, sharedSlot);
        draftSec[d] = this.time(0, span);
      }
    }

    // Fix-up: every own identifier connected to the anchor through own links (shared slot ignored).
    const nOwn = sharedSlot >= 0 ? sharedSlot : this.nSlots;
    const parent = this.parent;
    for (let k = 0; k < nOwn; k++) parent[k] = k;
    const seen = this.seen.fill(0, 0, nOwn);
    const nBefore = this.nDrafts;
    for (let d = 0; d < nBefore; d++) {
      let first = -1;
      const len = this.draftLen[d]!;
      for (let k = 0; k < len; k++) {
        const s = this.draftSlots[d * DRAFT_CAP + k]!;
        if (s >= nOwn) continue;
        seen[s] = 1;
        if (first < 0) first = s;
        else parent[findRoot(parent, s)] = findRoot(parent, first);
      }
    }
    const anchor = slotOf[anchorType]!;
    for (let k = 0; k < nOwn; k++) {
      if (k === anchor) continue;
      if (findRoot(parent, k) !== findRoot(parent, anchor)) {
        const d = this.draft(bridgeSource(this.slotType[anchor]!, this.slotType[k]!));
        this.put(d, anchor); this.put(d, k);
        draftSec[d] = this.time(this.slotFrom[k]!, this.slotTo[k]!);
        parent[findRoot(parent, k)] = findRoot(parent, anchor);
        seen[k] = 1; seen[anchor] = 1;
      }
    }
    if (seen[anchor] === 0) {
      const d = this.draft(bridgeSource(this.slotType[anchor]!, this.slotType[anchor]!));
      this.put(d, anchor);
      draftSec[d] = this.time(0, span);
    }

    // Render raw values (one shared object and one truth key per distinct rendering), record truth.
    this.slotRendered.fill(undefined, 0, this.nSlots * FORMATS_CAP);
    for (let d = 0; d < this.nDrafts; d++) this.emit(d, i, sharedSlot);
  }

  /**
   * `truth.personOfIdentifier` (insertion order = first-seen order, as if set while generating),
   * indexed once at the end over the keys collected while generating.
   */
  finish(): IdentifierKeyMap {
    const map = new IdentifierKeyMap(this.ownIds, this.ownPerson);
    this.ownIds = [];
    this.ownPerson = new Int32Array(0);
    return map;
  }

  /** Renders draft `d` of person `i` into a link (raw identifiers drawn per occurrence) and records the truth. */
  private emit(d: number, i: number, sharedSlot: number): void {
    const rng = this.rng, truth = this.truth;
    const junk = this.p.junkRate > 0 && rng.bernoulli(this.p.junkRate);
    const len = this.draftLen[d]!;
    // Exact-size array: a push-grown array keeps ~17 slots of capacity (136 B a link at 1M people).
    const ids = new Array<RawIdentifier>(len + (junk ? 1 : 0));
    for (let k = 0; k < len; k++) {
      const s = this.draftSlots[d * DRAFT_CAP + k]!;
      const type = this.slotType[s]!;
      const format = type === T_PHONE ? pickPhoneFormat(rng) : type === T_EMAIL ? pickEmailFormat(rng) : type === T_DEVICE ? pickDeviceFormat(rng) : 0;
      const shared = s === sharedSlot;
      const rendered = shared ? this.familyRendered : this.slotRendered;
      const at = shared ? format : s * FORMATS_CAP + format;
      let id = rendered[at];
      if (id === undefined) {
        const typeName = IDENTIFIER_TYPES[type]!;
        const value = render(type, this.slotCanon[s]!, format);
        // Two formats can render a value alike (a device id without a–f digits reads the same in
        // upper and lower case, ~4e-7 a device): reuse that rendering, so the value stays one
        // identifier and one truth key (`personOfIdentifier` requires distinct keys).
        if (!shared) for (let f = s * FORMATS_CAP; f < (s + 1) * FORMATS_CAP; f++) { const o = rendered[f]; if (o !== undefined && o.value === value) { id = o; break; } }
        if (id === undefined) {
          id = { type: typeName, value };
          if (shared) truth.sharedIdentifiers.set(joinPair(typeName, ':', value), this.familyMembers);
          else {
            const n = this.ownIds.length;
            if (n === this.ownPerson.length) { const g = new Int32Array(n * 2); g.set(this.ownPerson); this.ownPerson = g; }
            this.ownPerson[n] = i;
            this.ownIds.push(id);
          }
        }
        rendered[at] = id;
      }
      ids[k] = id;
    }
    if (junk) {
      const j = rng.int(0, this.junk.length - 1);
      ids[len] = this.junk[j]!;
      truth.junkIdentifiers.add(this.junkKeys[j]!);
    }
    const n = this.links.length;
    if (n === this.linkSec.length) { const g = new Uint32Array(n * 2); g.set(this.linkSec); this.linkSec = g; }
    const sec = this.draftSec[d]!;
    this.linkSec[n] = sec;
    this.links.push({ identifiers: ids, source: LINK_SOURCES[this.draftSource[d]!]!, time: this.start + sec * 1000 });
  }
}

/** Root of `x` in the union-find forest `parent`, with path halving. */
function findRoot(parent: Int32Array, x: number): number {
  while (parent[x] !== x) { parent[x] = parent[parent[x]!]!; x = parent[x]!; }
  return x;
}

function render(type: number, canon: string, format: number): string {
  switch (type) {
    case T_PHONE: return formatPhone(canon, format % PHONE_FORMATS);
    case T_EMAIL: return formatEmail(canon, format % EMAIL_FORMATS);
    case T_DEVICE: return formatDevice(canon, format);
    default: return canon;
  }
}

/** The source that plausibly observes two identifier types together (a bridge link). */
function bridgeSource(a: number, b: number): number {
  if (a === T_ACCOUNT || b === T_ACCOUNT || a === T_COOKIE || b === T_COOKIE) return S_COMMERCE;
  if (a === T_OPENID || b === T_OPENID || a === T_UNIONID || b === T_UNIONID || a === T_QQ || b === T_QQ) return S_SOCIAL;
  return S_CRM;
}

