/**
 * The contract against the in-memory stores (src/store/memory/, the reference implementation):
 * the stores have no lifecycle of their own, so a small backend here keeps the corpus in a map
 * and builds a new set of stores for each applied change (a snapshot is the stores of its time).
 */
import type { Article } from '../../../src/corpus/types.js';
import { IndexMissingError } from '../../../src/store/index-store.js';
import type { Manifest } from '../../../src/store/manifest.js';
import { memorySnapshotStores } from '../../../src/store/memory/memory-store.js';
import type { IndexBackend, IndexChange, IndexedPassage, IndexSnapshot } from '../../../src/store/seam.js';
import { storeContract } from './store-contract.js';

class MemoryBackend implements IndexBackend {
  private corpus = new Map<string, { article: Article; passages: IndexedPassage[] }>();
  private manifest: Manifest | null = null;
  private locked: Promise<void> | null = null;

  async readManifest(): Promise<Manifest | null> {
    return this.manifest;
  }

  async findDamage(): Promise<string | null> {
    return null;
  }

  async open(): Promise<IndexSnapshot> {
    if (!this.manifest) throw new IndexMissingError('There is no index in memory yet.', 'Apply a change first.');
    const entries = [...this.corpus.values()];
    const stores = memorySnapshotStores(
      entries.map((e) => e.article),
      entries.flatMap((e) => e.passages),
    );
    return { manifest: this.manifest, ...stores, close: async () => undefined };
  }

  async lockWriter(): Promise<{ release(): Promise<void> }> {
    while (this.locked) await this.locked;
    let release!: () => void;
    this.locked = new Promise((resolve) => (release = resolve));
    return {
      release: async () => {
        this.locked = null;
        release();
      },
    };
  }

  async apply(change: IndexChange): Promise<void> {
    const corpus = change.rebuild ? new Map() : new Map(this.corpus);
    for (const id of change.remove) corpus.delete(id);
    for (const entry of change.upsert) corpus.set(entry.article.id, entry);
    this.corpus = new Map([...corpus].sort(([a], [b]) => (a < b ? -1 : 1)));
    const passageCount = [...corpus.values()].reduce((n, e) => n + e.passages.length, 0);
    this.manifest = { ...change.manifest, generation: `gen-memory-${Date.now().toString(36)}`, passageCount, files: {} };
  }
}

storeContract('memory (the reference stores)', async () => ({ backend: new MemoryBackend(), cleanup: async () => undefined }));
