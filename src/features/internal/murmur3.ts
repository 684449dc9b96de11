/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain, `MurmurHash3.cpp`), signed, over the UTF-8
 * bytes of a string: the hash scikit-learn's `FeatureHasher` uses (`murmurhash3_32(s, seed=0,
 * positive=False)`), so hashed columns agree with Python pipelines. ASCII strings are hashed
 * straight from their char codes; others are UTF-8 encoded first (lone surrogates become U+FFFD,
 * as `TextEncoder` does). O(length of the string).
 *
 * @example
 * murmur3x86_32('hello'); // => 613153351 (0x248bfa47)
 */
export function murmur3x86_32(text: string, seed = 0): number {
  const n = text.length;
  let ascii = true;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) >= 0x80) { ascii = false; break; }
  return ascii ? hashAscii(text, seed) : hashBytes(utf8Encode(text), seed);
}

function mixK(k: number): number {
  let x = Math.imul(k, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  return Math.imul(x, 0x1b873593);
}

function mixH(h: number, k: number): number {
  let x = h ^ mixK(k);
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

function finalize(h: number, len: number): number {
  let x = h ^ len;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}

function hashAscii(s: string, seed: number): number {
  const len = s.length;
  const blocks = len & ~3;
  let h = seed | 0;
  for (let i = 0; i < blocks; i += 4) {
    h = mixH(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24));
  }
  let k = 0;
  const rem = len & 3;
  if (rem === 3) k ^= s.charCodeAt(blocks + 2) << 16;
  if (rem >= 2) k ^= s.charCodeAt(blocks + 1) << 8;
  if (rem >= 1) { k ^= s.charCodeAt(blocks); h ^= mixK(k); }
  return finalize(h, len);
}

function hashBytes(b: Uint8Array, seed: number): number {
  const len = b.length;
  const blocks = len & ~3;
  let h = seed | 0;
  for (let i = 0; i < blocks; i += 4) h = mixH(h, b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24));
  let k = 0;
  const rem = len & 3;
  if (rem === 3) k ^= b[blocks + 2]! << 16;
  if (rem >= 2) k ^= b[blocks + 1]! << 8;
  if (rem >= 1) { k ^= b[blocks]!; h ^= mixK(k); }
  return finalize(h, len);
}

/** UTF-8 bytes of a string (WHATWG encoding: lone surrogates → U+FFFD). */
export function utf8Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
      else c = 0xfffd;
    }
    if (c < 0x80) out[w++] = c;
    else if (c < 0x800) { out[w++] = 0xc0 | (c >> 6); out[w++] = 0x80 | (c & 63); }
    else if (c < 0x10000) { out[w++] = 0xe0 | (c >> 12); out[w++] = 0x80 | ((c >> 6) & 63); out[w++] = 0x80 | (c & 63); }
    else { out[w++] = 0xf0 | (c >> 18); out[w++] = 0x80 | ((c >> 12) & 63); out[w++] = 0x80 | ((c >> 6) & 63); out[w++] = 0x80 | (c & 63); }
  }
  return out.subarray(0, w);
}

/**
 * scikit-learn `FeatureHasher` placement of a signed hash `h` into `n` columns: column
 * `abs(h) % n` (with sklearn's special case for h = −2^31) and sign `h >= 0 ? +1 : −1`.
 * Returns `column` when the sign is +1 and `-(column + 1)` when it is −1 (no pair allocated).
 */
export function hashedColumn(h: number, n: number): number {
  const col = h === -2147483648 ? (2147483647 - (n - 1)) % n : Math.abs(h) % n;
  return h >= 0 ? col : -(col + 1);
}
