import type { LocalIndex } from 'vectra';

// vectra pulls in a large dependency tree (about a second to import): load it only when vectors are read or written.
const loadVectra = () => import('vectra');

export interface VectorHit {
  passageId: string;
  score: number;
}

type PassageMetadata = { articleId: string };

/** The dense half of the index: a vectra LocalIndex whose item ids are passage ids. */
export class VectorIndex {
  private constructor(private readonly index: LocalIndex<PassageMetadata>) {}

  static async open(folder: string): Promise<VectorIndex> {
    const { LocalIndex } = await loadVectra();
    const index = new LocalIndex<PassageMetadata>(folder);
    if (!(await index.isIndexCreated())) throw new Error(`no vector index in ${folder}`);
    await index.getIndexStats(); // loads and parses it now, not on the first question
    return new VectorIndex(index);
  }

  /** Creates the index in one update: vectra writes its file once, at the end. */
  static async create(folder: string, items: Iterable<{ passageId: string; articleId: string; vector: Float32Array }>): Promise<void> {
    const { LocalIndex } = await loadVectra();
    const index = new LocalIndex<PassageMetadata>(folder);
    await index.createIndex({ version: 1, deleteIfExists: true });
    await index.beginUpdate();
    for (const item of items) {
      await index.insertItem({ id: item.passageId, vector: Array.from(item.vector), metadata: { articleId: item.articleId } });
    }
    await index.endUpdate();
  }

  async query(vector: Float32Array, topK: number): Promise<VectorHit[]> {
    const results = await this.index.queryItems(Array.from(vector), '', topK);
    return results.map((r) => ({ passageId: r.item.id, score: r.score }));
  }

  /** Every stored vector by passage id, so an incremental build can keep the unchanged ones. */
  async vectors(): Promise<Map<string, Float32Array>> {
    const items = await this.index.listItems();
    return new Map(items.map((item) => [item.id, Float32Array.from(item.vector)]));
  }
}
