/** What an index folder holds, read through the embedded store (for tests that look inside). */
import { EmbeddedBackend } from '../../src/store/embedded/backend.js';

export async function readStoredIndex(indexDir: string) {
  const snapshot = await new EmbeddedBackend(indexDir).open();
  try {
    const articles = await snapshot.documents.articles();
    const passages = await snapshot.documents.passagesOf(articles.map((a) => a.id));
    const vectors = snapshot.vectors ? await snapshot.vectors.vectorsOf(passages.map((p) => p.id)) : null;
    return { manifest: snapshot.manifest, articles, passages, vectors };
  } finally {
    await snapshot.close();
  }
}
