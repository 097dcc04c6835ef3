/**
 * The vocabulary of a Unigram (SentencePiece) tokenizer as a trie in three typed arrays: an
 * open-addressing hash table of edges (parent node, UTF-16 unit) → child node, and one leaf flag
 * per node. It answers what transformers.js's `CharTrie` answers for the Unigram model, the
 * pieces that are prefixes of a text from a position, shortest first, for a few MiB: the
 * library's trie holds one object and one `Map` per node, ~120 MiB and ~1.5 s of CPU (with its
 * garbage collection) for multilingual-e5's 250k pieces (505k nodes).
 */
const EMPTY = -1;
const MAX_LOAD = 0.6;

export class PieceTrie {
  private mask = 0;
  private parents = new Int32Array(0);
  private units = new Uint16Array(0);
  private children = new Int32Array(0);
  private leaves = new Uint8Array(0);
  private nodeCount = 1;

  constructor(pieces: Iterable<string> = []) {
    const list = [...pieces];
    // Nodes ≤ 1 + the pieces' total length; shared prefixes make it about a third of that.
    let total = 0;
    for (const piece of list) total += piece.length;
    this.allocate(Math.ceil((total / 3 + 16) / MAX_LOAD));
    for (const piece of list) this.push(piece);
  }

  /** The number of nodes, the root included. */
  get size(): number {
    return this.nodeCount;
  }

  push(piece: string): void {
    let node = 0;
    for (let i = 0; i < piece.length; i++) {
      const unit = piece.charCodeAt(i);
      let slot = this.slotOf(node, unit);
      if (this.parents[slot] === EMPTY) {
        if (this.nodeCount + 1 > this.parents.length * MAX_LOAD) {
          this.grow();
          slot = this.slotOf(node, unit);
        }
        this.parents[slot] = node;
        this.units[slot] = unit;
        this.children[slot] = this.nodeCount++;
      }
      node = this.children[slot]!;
    }
    this.leaves[node] = 1;
  }

  /** The pieces that `chars` (one code point each) starts with from `start`, shortest first. */
  *common_prefix_search(chars: readonly string[], start = 0): Generator<string> {
    let node = 0;
    let prefix = '';
    for (let i = start; i < chars.length; i++) {
      const char = chars[i]!;
      for (let u = 0; u < char.length; u++) {
        const slot = this.slotOf(node, char.charCodeAt(u));
        if (this.parents[slot] === EMPTY) return;
        node = this.children[slot]!;
      }
      prefix += char;
      // Pieces are whole code points: a leaf is only ever reached at the end of one.
      if (this.leaves[node] === 1) yield prefix;
    }
  }

  /** The edge's slot, or the empty slot where it would go (linear probing). */
  private slotOf(node: number, unit: number): number {
    let hash = Math.imul(node, 0x9e3779b1) ^ unit;
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    let slot = (hash ^ (hash >>> 13)) & this.mask;
    for (;;) {
      const parent = this.parents[slot];
      if (parent === EMPTY || (parent === node && this.units[slot] === unit)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private allocate(minimum: number): void {
    let capacity = 1024;
    while (capacity < minimum) capacity *= 2;
    this.mask = capacity - 1;
    this.parents = new Int32Array(capacity).fill(EMPTY);
    this.units = new Uint16Array(capacity);
    this.children = new Int32Array(capacity);
    // Node ids stay below the capacity (the load stays under MAX_LOAD).
    const leaves = new Uint8Array(capacity);
    leaves.set(this.leaves);
    this.leaves = leaves;
  }

  private grow(): void {
    const { parents, units, children } = this;
    this.allocate(parents.length * 2);
    for (let slot = 0; slot < parents.length; slot++) {
      if (parents[slot] === EMPTY) continue;
      const to = this.slotOf(parents[slot]!, units[slot]!);
      this.parents[to] = parents[slot]!;
      this.units[to] = units[slot]!;
      this.children[to] = children[slot]!;
    }
  }
}
