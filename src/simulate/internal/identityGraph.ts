/**
 * Identifiers and identity links of one person at a time (streaming), with the noise a real ID
 * graph has: shared family devices, churned cookies, junk values. Internal to simulate/.
 *
 * Guarantee (what identity resolution relies on): the identifiers a person owns are connected
 * through that person's own links WITHOUT going through a shared device or a junk value, so a
 * resolver that refuses to merge on shared/junk identifiers can still reach every person.
 */
import type { Rng } from '../../core/index.js';
import { IDENTIFIER_TYPES, type LinkSource, type RawIdentifier, type WorldLink } from '../types.js';
import {
  EMAIL_FORMATS, JUNK_VALUES, PHONE_FORMATS, accountId, canonicalEmail, canonicalPhone, cookieId, deviceId, formatDevice, formatEmail, formatPhone,
  pickDeviceFormat, pickEmailFormat, pickPhoneFormat, qqNumber, wechatId,
} from './identifierValues.js';

const T_ACCOUNT = 0, T_PHONE = 1, T_EMAIL = 2, T_DEVICE = 3, T_OPENID = 4, T_UNIONID = 5, T_QQ = 6, T_COOKIE = 7;
/** Priority of the anchor identifier (the strongest the person has). */
const ANCHOR_ORDER = [T_ACCOUNT, T_PHONE, T_UNIONID, T_OPENID, T_EMAIL, T_QQ, T_DEVICE, T_COOKIE];
const MAX_TYPES = 6;
const MAX_COOKIES = 12;

interface Slot {
  readonly type: number;
  readonly canon: string;
  readonly shared: boolean;
  /** Validity interval (seconds from start) for cookies; the whole span otherwise. */
  readonly from: number;
  readonly to: number;
  /** Raw identifier objects already emitted, by format code (shared by every link that shows that rendering). */
  readonly rendered: (RawIdentifier | undefined)[];
}

interface DraftLink {
  readonly source: LinkSource;
  readonly slots: number[];
  readonly sec: number;
}

export interface IdentityTruthSink {
  readonly personOfIdentifier: Map<string, number>;
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

/** Streaming generator: call `person(i)` for i = 0, 1, 2, … in order. */
export class IdentityGenerator {
  readonly links: WorldLink[] = [];
  /** Link time in seconds from start, parallel to `links` (for the final sort). */
  linkSec = new Uint32Array(1024);
  private familyLeft = 0;
  private familyDevice = '';
  /** Renderings of the current family device, shared by all members (one truth key per rendering). */
  private familyRendered: (RawIdentifier | undefined)[] = [];
  private readonly junk: readonly RawIdentifier[] = JUNK_VALUES.map((j) => ({ type: j.type, value: j.value }));
  private familyMembers: readonly number[] = [];
  private readonly salts: readonly number[];
  // Per-person scratch, reused (a typed array per person costs an allocation each at 1M people).
  private readonly slotOf = new Int32Array(8);
  private readonly parent = new Int32Array(64);
  private readonly seen = new Uint8Array(64);
  private readonly has: boolean[] = new Array<boolean>(8).fill(false);

  constructor(private readonly rng: Rng, private readonly p: IdentityParams, private readonly truth: IdentityTruthSink, private readonly start: number) {
    this.salts = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
  }

  person(i: number): void {
    const rng = this.rng, p = this.p;
    // Family devices: consecutive people 2–4 share one device.
    if (this.familyLeft === 0 && p.sharedDeviceRate > 0 && i + 1 < p.people && rng.uniform() < p.sharedDeviceRate) {
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
    for (let t = 0; t < 8; t++) { has[t] = rng.uniform() < p.mix[t]!; if (has[t]) count++; }
    // Family members log into the commerce app with their own accounts on the shared device.
    if (inFamily && !has[T_ACCOUNT]) { has[T_ACCOUNT] = true; count++; }
    if (count === 0) {
      let best = 0;
      for (let t = 1; t < 8; t++) if (p.mix[t]! > p.mix[best]!) best = t;
      has[best] = true; count = 1;
    }
    let anchorType = ANCHOR_ORDER.find((t) => has[t])!;
    while (count > MAX_TYPES) {
      const t = rng.int(0, 7);
      if (has[t] && t !== anchorType) { has[t] = false; count--; }
    }
    anchorType = ANCHOR_ORDER.find((t) => has[t])!;

    const slots: Slot[] = [];
    const span = p.spanSec;
    const slotOf = this.slotOf.fill(-1);
    const add = (type: number, canon: string): void => { slotOf[type] = slots.length; slots.push({ type, canon, shared: false, from: 0, to: span, rendered: [] }); };
    if (has[T_ACCOUNT]) add(T_ACCOUNT, accountId(i, this.salts[0]!));
    if (has[T_PHONE]) add(T_PHONE, canonicalPhone(i, this.salts[1]!));
    if (has[T_EMAIL]) add(T_EMAIL, has[T_QQ] && rng.bernoulli(0.3) ? [qqNumber(i, this.salts[2]!), '@qq.com'].join('') : canonicalEmail(i, this.salts[3]!, rng));
    if (has[T_DEVICE]) add(T_DEVICE, deviceId(rng));
    if (has[T_OPENID]) add(T_OPENID, wechatId(rng));
    if (has[T_UNIONID]) add(T_UNIONID, wechatId(rng));
    if (has[T_QQ]) add(T_QQ, qqNumber(i, this.salts[2]!));
    const cookieSlots: number[] = [];
    if (has[T_COOKIE]) {
      const n = Math.min(MAX_COOKIES, 1 + (p.cookieChurn > 0 ? rng.poisson(p.cookieChurn) : 0));
      const cuts: number[] = [];
      for (let k = 1; k < n; k++) cuts.push(rng.int(0, span - 1));
      cuts.sort((a, b) => a - b);
      let from = 0;
      for (let k = 0; k < n; k++) {
        const to = k < n - 1 ? Math.max(from + 1, cuts[k]!) : span;
        cookieSlots.push(slots.length);
        slots.push({ type: T_COOKIE, canon: cookieId(rng), shared: false, from, to: Math.min(span, to), rendered: [] });
        from = Math.min(span - 1, to);
      }
      slotOf[T_COOKIE] = cookieSlots[0]!;
    }
    const sharedSlot = inFamily ? slots.length : -1;
    if (inFamily) slots.push({ type: T_DEVICE, canon: this.familyDevice, shared: true, from: 0, to: span, rendered: this.familyRendered });

    const links: DraftLink[] = [];
    const time = (from = 0, to = span): number => (to > from ? rng.int(from, to - 1) : from);
    const opt = (type: number, prob: number, into: number[]): void => { const s = slotOf[type]!; if (s >= 0 && rng.uniform() < prob) into.push(s); };
    const acc = slotOf[T_ACCOUNT]!, ph = slotOf[T_PHONE]!, em = slotOf[T_EMAIL]!, dev = slotOf[T_DEVICE]!;
    const oid = slotOf[T_OPENID]!, uid = slotOf[T_UNIONID]!, qq = slotOf[T_QQ]!;

    if (acc >= 0) {
      for (const c of cookieSlots) {
        const s = [acc, c];
        opt(T_DEVICE, 0.4, s);
        links.push({ source: 'commerce_login', slots: s, sec: time(slots[c]!.from, slots[c]!.to) });
      }
      const extra = cookieSlots.length > 0 ? (rng.uniform() < 0.4 ? 1 : 0) : (rng.uniform() < 0.3 ? 2 : 1);
      for (let k = 0; k < extra; k++) {
        const s = [acc];
        opt(T_PHONE, 0.5, s);
        opt(T_DEVICE, 0.5, s);
        links.push({ source: 'commerce_login', slots: s, sec: time() });
      }
    } else {
      for (const c of cookieSlots) {
        const s = [c];
        opt(T_DEVICE, 0.7, s);
        links.push({ source: 'commerce_login', slots: s, sec: time(slots[c]!.from, slots[c]!.to) });
      }
    }
    if (oid >= 0 || uid >= 0) {
      const n = rng.uniform() < 0.2 ? 2 : 1;
      for (let k = 0; k < n; k++) {
        const s: number[] = [];
        if (oid >= 0) s.push(oid);
        if (uid >= 0) s.push(uid);
        opt(T_DEVICE, 0.6, s);
        links.push({ source: 'social_login', slots: s, sec: time() });
      }
      if (uid >= 0 && rng.uniform() < 0.5) {
        const s: number[] = [];
        if (oid >= 0) s.push(oid);
        s.push(uid);
        opt(T_PHONE, 0.6, s);
        links.push({ source: 'mini_program', slots: s, sec: time() });
      }
    }
    if (em >= 0) {
      if (ph >= 0) links.push({ source: 'crm_upload', slots: [ph, em], sec: time() });
      else if (acc >= 0) links.push({ source: 'commerce_login', slots: [acc, em], sec: time() });
    }
    if (ph >= 0) {
      if (rng.uniform() < 0.3) links.push({ source: 'offline_pos', slots: [ph], sec: time() });
      if (rng.uniform() < 0.15) links.push({ source: 'crm_upload', slots: [ph], sec: time() });
    }
    if (qq >= 0) {
      const s = [qq];
      if (dev >= 0) s.push(dev);
      else if (uid >= 0) s.push(uid);
      links.push({ source: 'social_login', slots: s, sec: time() });
    }
    if (sharedSlot >= 0) {
      // The family device shows up in 1–2 of this person's account logins, never as their only bridge.
      const carriers: number[] = [];
      for (let k = 0; k < links.length; k++) if (links[k]!.source === 'commerce_login' && links[k]!.slots[0] === acc) carriers.push(k);
      const times = rng.int(1, 2);
      if (carriers.length > 0) {
        for (let k = 0; k < times; k++) links[carriers[rng.int(0, carriers.length - 1)]!]!.slots.push(sharedSlot);
      } else {
        links.push({ source: 'commerce_login', slots: [slotOf[anchorType]!, sharedSlot], sec: time() });
      }
    }

    // Fix-up: every own identifier connected to the anchor through own links (shared slot ignored).
    const nOwn = sharedSlot >= 0 ? sharedSlot : slots.length;
    const parent = this.parent;
    for (let k = 0; k < nOwn; k++) parent[k] = k;
    const find = (x: number): number => { while (parent[x] !== x) { parent[x] = parent[parent[x]!]!; x = parent[x]!; } return x; };
    const seen = this.seen.fill(0, 0, nOwn);
    for (const l of links) {
      let first = -1;
      for (const s of l.slots) {
        if (s >= nOwn) continue;
        seen[s] = 1;
        if (first < 0) first = s;
        else parent[find(s)] = find(first);
      }
    }
    const anchor = slotOf[anchorType]!;
    for (let k = 0; k < nOwn; k++) {
      if (k === anchor) continue;
      if (find(k) !== find(anchor)) {
        links.push({ source: bridgeSource(slots[anchor]!.type, slots[k]!.type), slots: [anchor, k], sec: time(slots[k]!.from, slots[k]!.to) });
        parent[find(k)] = find(anchor);
        seen[k] = 1; seen[anchor] = 1;
      }
    }
    if (seen[anchor] === 0) links.push({ source: bridgeSource(slots[anchor]!.type, slots[anchor]!.type), slots: [anchor], sec: time() });

    // Render raw values (one shared object and one truth key per distinct rendering), record truth.
    const truth = this.truth;
    for (const l of links) {
      const junk = p.junkRate > 0 && rng.uniform() < p.junkRate;
      // Exact-size array: a push-grown array keeps ~17 slots of capacity (136 B a link at 1M people).
      const ids = new Array<RawIdentifier>(l.slots.length + (junk ? 1 : 0));
      let at = 0;
      for (const s of l.slots) {
        const slot = slots[s]!;
        const format = slot.type === T_PHONE ? pickPhoneFormat(rng) : slot.type === T_EMAIL ? pickEmailFormat(rng) : slot.type === T_DEVICE ? pickDeviceFormat(rng) : 0;
        let id = slot.rendered[format];
        if (id === undefined) {
          const type = IDENTIFIER_TYPES[slot.type]!;
          id = { type, value: render(slot, format) };
          slot.rendered[format] = id;
          const key = [type, id.value].join(':');
          if (slot.shared) truth.sharedIdentifiers.set(key, this.familyMembers);
          else truth.personOfIdentifier.set(key, i);
        }
        ids[at++] = id;
      }
      if (junk) {
        const j = this.junk[rng.int(0, this.junk.length - 1)]!;
        ids[at] = j;
        truth.junkIdentifiers.add([j.type, j.value].join(':'));
      }
      const n = this.links.length;
      if (n === this.linkSec.length) { const g = new Uint32Array(n * 2); g.set(this.linkSec); this.linkSec = g; }
      this.linkSec[n] = l.sec;
      this.links.push({ identifiers: ids, source: l.source, time: this.start + l.sec * 1000 });
    }
  }
}

function render(slot: Slot, format: number): string {
  switch (slot.type) {
    case T_PHONE: return formatPhone(slot.canon, format % PHONE_FORMATS);
    case T_EMAIL: return formatEmail(slot.canon, format % EMAIL_FORMATS);
    case T_DEVICE: return formatDevice(slot.canon, format);
    default: return slot.canon;
  }
}

/** The source that plausibly observes two identifier types together (a bridge link). */
function bridgeSource(a: number, b: number): LinkSource {
  if (a === T_ACCOUNT || b === T_ACCOUNT || a === T_COOKIE || b === T_COOKIE) return 'commerce_login';
  if (a === T_OPENID || b === T_OPENID || a === T_UNIONID || b === T_UNIONID || a === T_QQ || b === T_QQ) return 'social_login';
  return 'crm_upload';
}

