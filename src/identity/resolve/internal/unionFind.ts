/**
 * Disjoint sets over 0..n-1 on typed arrays (Tarjan 1975): union by rank and path halving, no
 * recursion, so 10^7 elements never touch the call stack. `find` is amortized O(α(n)).
 */
export class UnionFind {
  readonly parent: Int32Array;
  private readonly rank: Uint8Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.rank = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x]! !== x) {
      const g = p[p[x]!]!;
      p[x] = g;
      x = g;
    }
    return x;
  }
  /** Unites the sets of a and b; returns the new root, or -1 if they were already one set. */
  union(a: number, b: number): number {
    let ra = this.find(a), rb = this.find(b);
    if (ra === rb) return -1;
    const rk = this.rank;
    if (rk[ra]! < rk[rb]!) { const t = ra; ra = rb; rb = t; }
    this.parent[rb] = ra;
    if (rk[ra] === rk[rb]) rk[ra] = rk[ra]! + 1;
    return ra;
  }
}
