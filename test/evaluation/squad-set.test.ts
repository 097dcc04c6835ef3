import { describe, expect, it } from 'vitest';
import { buildQuestionSet, groupByTitle, readFlatJsonl, readSquadJson, withoutParagraphsOf, type BuildOptions, type SourceArticle } from '../../src/evaluation/squad-set.js';

const article = (n: number, paragraphs = 3): SourceArticle => ({
  title: `Article ${n}`,
  paragraphs: Array.from({ length: paragraphs }, (_, p) => ({
    context: `Context ${n}.${p} says the value is ${n * 100 + p}.`,
    questions: [
      { id: `q${n}-${p}`, question: `What value does ${n}.${p} state?`, answers: [`${n * 100 + p}`, `${n * 100 + p}`] },
      { id: `short${n}-${p}`, question: 'One letter?', answers: ['x'] },
    ],
  })),
});

const options: BuildOptions = { prefix: 't', contextsPerInput: 20, questionsPerContext: 1, maxContextsPerArticle: 2, abstainShare: 0.12, abstainPerArticle: 1, parallel: false, titles: true, seed: 7 };
const articles = Array.from({ length: 30 }, (_, i) => article(i + 1));

describe('building a question set from SQuAD-form data', () => {
  it('makes an article of each chosen context (title first) and asks its question with the annotators\' spans', () => {
    const built = buildQuestionSet([{ lang: 'de', articles }], options);
    expect(built.corpus.size).toBe(20);
    const answerable = built.questions.filter((q) => 'answer_any' in q.expect);
    expect(answerable).toHaveLength(20);
    for (const q of answerable) {
      const expect_ = q.expect as { answer_any: string[]; sources_any: string[] };
      const text = built.corpus.get(expect_.sources_any[0]!)!;
      expect(text.split('\n')[0]).toMatch(/^Article \d+$/);
      expect(text).toContain(expect_.answer_any[0]);
      expect(expect_.answer_any).toHaveLength(1); // duplicates merged, one-letter spans dropped
      expect(q.lang).toBe('de');
    }
  });

  it('asks about 12% abstain questions, each about an article none of whose contexts is in the corpus', () => {
    const built = buildQuestionSet([{ lang: 'de', articles }], options);
    const abstain = built.questions.filter((q) => 'abstain' in q.expect);
    expect(abstain).toHaveLength(3); // 20 answerable × 0.12 / 0.88, rounded
    const corpusText = [...built.corpus.values()].join('\n');
    for (const q of abstain) {
      const n = /What value does (\d+)\./.exec(q.question)![1];
      expect(corpusText).not.toContain(`Context ${n}.`);
    }
  });

  it('uses each position of parallel (translated) inputs in one language only, and leaves abstain articles out in every language', () => {
    const translated = (lang: string) => ({ lang, articles: articles.map((a) => ({ ...a, paragraphs: a.paragraphs.map((p) => ({ ...p, context: `[${lang}] ${p.context}` })) })) });
    const built = buildQuestionSet([translated('de'), translated('el'), translated('zh')], { ...options, contextsPerInput: 10, maxContextsPerArticle: 3, parallel: true, titles: false });
    const positions = [...built.corpus.values()].map((text) => /Context (\d+\.\d+)/.exec(text)![1]);
    expect(new Set(positions).size).toBe(positions.length);
    expect([...built.corpus.values()].every((text) => text.startsWith('['))).toBe(true);
    const inCorpus = new Set(positions.map((p) => p!.split('.')[0]));
    for (const q of built.questions.filter((q) => 'abstain' in q.expect)) expect(inCorpus.has(/does (\d+)\./.exec(q.question)![1])).toBe(false);
    expect(new Set(built.questions.map((q) => q.lang))).toEqual(new Set(['de', 'el', 'zh']));
  });

  it('is the same set for the same seed', () => {
    const a = buildQuestionSet([{ lang: 'de', articles }], options);
    const b = buildQuestionSet([{ lang: 'de', articles }], options);
    expect(b.questions).toEqual(a.questions);
  });

  it('groups entries that repeat a title (one per question, as in TyDi QA), so a passage enters the corpus once and an abstain question\'s article is wholly left out', () => {
    // Two answerable questions a passage, each its own entry, the entries interleaved.
    const twice = articles.map((a) => ({ ...a, paragraphs: a.paragraphs.map((p) => ({ ...p, questions: [p.questions[0]!, { ...p.questions[0]!, id: `${p.questions[0]!.id}b` }] })) }));
    const perQuestion = twice.flatMap((a) => a.paragraphs.flatMap((p) => p.questions.map((q) => ({ title: a.title, paragraphs: [{ context: p.context, questions: [q] }] }))));
    const entries = [...perQuestion.filter((_, i) => i % 2 === 0), ...perQuestion.filter((_, i) => i % 2 === 1)];
    const grouped = groupByTitle(entries);
    expect(grouped).toHaveLength(articles.length);
    expect(grouped.find((a) => a.title === 'Article 3')).toEqual(twice[2]);

    const built = buildQuestionSet([{ lang: 'ko', articles: grouped }], options);
    const texts = [...built.corpus.values()];
    expect(new Set(texts).size).toBe(texts.length);
    const abstain = built.questions.filter((q) => 'abstain' in q.expect);
    expect(abstain).toHaveLength(3);
    for (const q of abstain) {
      const n = /What value does (\d+)\./.exec(q.question)![1];
      expect(texts.join('\n')).not.toContain(`Context ${n}.`);
    }
  });

  it('reads SQuAD JSON (dropping unanswerable questions and a "title [SEP]" context prefix) and the flat JSONL form', () => {
    const squad = readSquadJson({
      data: [{ title: '梅雨', paragraphs: [{ context: '梅雨 [SEP] 梅雨は雨季の一種。', qas: [{ id: 1, question: '何季？', answers: [{ text: '雨季' }] }, { id: 2, question: '?', is_impossible: true, answers: [] }] }] }],
    });
    expect(squad).toEqual([{ title: '梅雨', paragraphs: [{ context: '梅雨は雨季の一種。', questions: [{ id: '1', question: '何季？', answers: ['雨季'] }] }] }]);
    const flat = readFlatJsonl(
      [
        { article_id: 'a', question_id: 'a1', title: 'T', context: 'C one', question: 'Q1', answers: { text: ['one'] } },
        { article_id: 'a', question_id: 'a2', title: 'T', context: 'C one', question: 'Q2', answers: { text: ['C'] } },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    expect(flat).toEqual([{ title: 'T', paragraphs: [{ context: 'C one', questions: [{ id: 'a1', question: 'Q1', answers: ['one'] }, { id: 'a2', question: 'Q2', answers: ['C'] }] }] }]);
  });

  it('leaves out every paragraph that shares its context, first line or a question with held-out data', () => {
    const paragraph = (context: string, question: string) => ({ context, questions: [{ id: question, question, answers: ['x1'] }] });
    const all: SourceArticle[] = [
      { title: 'A', paragraphs: [paragraph('Rygge\nThe airport closed in 2016.', 'When?'), paragraph('Moss\nA town.', 'Where?')] },
      { title: 'B', paragraphs: [paragraph('Trondheim\nThe mayor spoke.', 'Who spoke?'), paragraph('Bergen\nRain.', 'How wet?')] },
      { title: 'C', paragraphs: [paragraph('Oslo\nA capital.', 'Which capital?')] },
    ];
    // Held out: the same document cut differently (same first line), another question on a paragraph, and a whole context.
    const held: SourceArticle[] = [{ title: 'v', paragraphs: [paragraph('Rygge\nThe airport', 'Why?'), paragraph('Somewhere else', 'How wet?'), paragraph('Oslo\nA capital.', 'Which city?')] }];
    const kept = withoutParagraphsOf(all, held);
    expect(kept.map((a) => [a.title, a.paragraphs.map((p) => p.questions[0]!.question)])).toEqual([
      ['A', ['Where?']],
      ['B', ['Who spoke?']],
    ]);
  });
});
