/** Articles, passages and value statements of a PostgreSQL snapshot (the seam's DocumentStore). */
import { articleRecord, type ArticleRow } from '../../article-row.js';
import type { ArticleRecord, DocumentStore, PassageRecord, ValueStatement } from '../../seam.js';
import type { SnapshotReads } from './snapshot-lane.js';

const ARTICLE_COLUMNS = 'a.id, a.language, a.source_url, a.title, a.paragraph_count, a.passage_count, a.metadata';

export class PostgresDocumentStore implements DocumentStore {
  constructor(private readonly reads: SnapshotReads) {}

  async articles(): Promise<ArticleRecord[]> {
    const { rows } = await this.reads.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a ORDER BY a.ordinal`);
    return rows.map(articleRecord);
  }

  async passages(ids: readonly string[]): Promise<PassageRecord[]> {
    if (ids.length === 0) return [];
    const byId = new Map((await this.passageRows('p.id = ANY($1)', ids)).map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Every passage of the given articles, in their order, each article's in text order (tests read a whole index through it). */
  async passagesOf(articleIds: readonly string[]): Promise<PassageRecord[]> {
    if (articleIds.length === 0) return [];
    const rows = await this.passageRows('p.article_id = ANY($1)', articleIds);
    const rank = new Map(articleIds.map((id, i) => [id, i]));
    return rows.sort((a, b) => rank.get(a.articleId)! - rank.get(b.articleId)! || a.start - b.start);
  }

  async statements(keys: readonly string[], perKey: number): Promise<ValueStatement[]> {
    if (keys.length === 0 || perKey <= 0) return [];
    // Per key: each article's first statement, then the others, `perKey` in all (an index range).
    const { rows } = await this.reads.query<{ key: string; passage_id: string; article_id: string }>(
      `SELECT k.key, p.id AS passage_id, s.article_id
         FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n)
         CROSS JOIN LATERAL (
           SELECT passage_num, article_id, first_in_article FROM value_statements
            WHERE key = k.key ORDER BY first_in_article DESC, passage_num LIMIT $2) s
         JOIN passages p ON p.num = s.passage_num
        ORDER BY k.n, s.first_in_article DESC, s.passage_num`,
      [[...new Set(keys)], perKey],
    );
    return rows.map((r) => ({ key: r.key, passageId: r.passage_id, articleId: r.article_id }));
  }

  private async passageRows(where: string, values: readonly string[]): Promise<PassageRecord[]> {
    const { rows } = await this.reads.query<ArticleRow & { passage_id: string; paragraph: number; text: string; start: number }>(
      `SELECT p.id AS passage_id, p.paragraph, p.text, p.start, ${ARTICLE_COLUMNS}
         FROM passages p JOIN articles a ON a.id = p.article_id WHERE ${where}`,
      [values],
    );
    return rows.map((r) => ({ id: r.passage_id, articleId: r.id, paragraph: r.paragraph, text: r.text, start: r.start, article: articleRecord(r) }));
  }
}
