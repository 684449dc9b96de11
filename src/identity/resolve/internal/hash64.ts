/**
 * A stable 64-bit string hash as 16 hex characters: two 32-bit multiply-xorshift lanes over the
 * UTF-16 code units (the cyrb53 construction by bryc, public domain, widened to 64 bits), used for
 * person ids. Not cryptographic; 64 bits make a collision among 10^7 people ~3e-6 likely, and the
 * resolver checks for one anyway. O(length).
 */
export function hash64Hex(s: string): string {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
