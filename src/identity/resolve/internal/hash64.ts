/**
 * A stable 64-bit string hash as 16 hex characters: two 32-bit multiply-xorshift lanes over the
 * UTF-16 code units (the cyrb53 construction by bryc, public domain, widened to 64 bits), used for
 * person ids. Not cryptographic; 64 bits make a collision among 10^7 people ~3e-6 likely, and the
 * resolver checks for one anyway. O(length).
 */
export function hash64Hex(s: string): string {
  const h = new Int32Array(2);
  hash64Into(h, s);
  return hex64(h[0]!, h[1]!, '');
}

/**
 * The {@link hash64Hex} lanes of the concatenation of `parts` (no string is built), written to
 * `out[0]` (h1) and `out[1]` (h2).
 */
export function hash64Into(out: Int32Array, ...parts: string[]): void {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (const s of parts) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h1;
  out[1] = h2;
}

const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** `prefix` + 16 lower-case hex digits of (h2, h1), built in one allocation. */
export function hex64(h1: number, h2: number, prefix: string): string {
  const d = (x: number, k: number) => HEX[(x >>> (28 - 4 * k)) & 15]!;
  const hex = String.fromCharCode(
    d(h2, 0), d(h2, 1), d(h2, 2), d(h2, 3), d(h2, 4), d(h2, 5), d(h2, 6), d(h2, 7),
    d(h1, 0), d(h1, 1), d(h1, 2), d(h1, 3), d(h1, 4), d(h1, 5), d(h1, 6), d(h1, 7),
  );
  return prefix === '' ? hex : prefix + hex;
}
