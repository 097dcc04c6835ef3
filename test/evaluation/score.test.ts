import { describe, expect, it } from 'vitest';
import type { Answer, Quote } from '../../src/answer/types.js';
import { parseQuestionSet } from '../../src/evaluation/questions.js';
import { normalizeForMatch, scoreAnswer, scoreBaseline, summarize, summarizeRetrieval, withThreshold, type QuestionScore } from '../../src/evaluation/score.js';

const quote = (citation: number, articleId: string, text: string): Quote => ({
  citation,
  passageId: `p${citation}`,
  source: { articleId, title: 't', language: 'de', url: null },
  paragraph: 1,
  text,
  trimmedStart: false,
  trimmedEnd: false,
});

const answer = (partial: Partial<Answer>): Answer => ({
  id: 'a',
  question: 'q',
  mode: 'lexical',
  status: 'answered',
  answerLine: null,
  values: [],
  quotes: [],
  abstention: null,
  notices: [],
  confidence: 1,
  retrieved: [],
  timings: { embedMs: 0, searchMs: 0, evidenceMs: 0, totalMs: 0 },
  ...partial,
});

const [answerable, abstain] = parseQuestionSet(
  [
    '{"id":"q1","lang":"de","question":"Wie viele?","expect":{"answer_any":["2 500"],"sources_any":["b.txt"]}}',
    '',
    '{"id":"q2","lang":"en","question":"Capital?","expect":{"abstain":true}}',
  ].join('\n'),
);

const score = (partial: Partial<QuestionScore>): QuestionScore => ({
  id: 'x',
  lang: 'de',
  kind: 'answerable',
  right: false,
  abstained: false,
  foundAtK: false,
  reciprocalRank: 0,
  retrievalFoundAtK: false,
  retrievalReciprocalRank: 0,
  confidence: 0.5,
  ...partial,
});

describe('scoring as the eval README defines it', () => {
  it('normalises NFKC, case, whitespace, dots, commas and apostrophes', () => {
    expect(normalizeForMatch('2.500')).toBe('2500');
    expect(normalizeForMatch('2 500')).toBe('2500');
    expect(normalizeForMatch('2,500')).toBe('2500');
    expect(normalizeForMatch('83,5')).toBe('835');
    expect(normalizeForMatch('Hanoï’s ＡＢ')).toBe('hanoïsab');
  });

  it('counts an answer right when the answer line or a quote contains an expected string, and ranks the cited sources', () => {
    const shown = answer({ quotes: [quote(1, 'a.txt', 'nothing here'), quote(2, 'b.txt', 'mehr als 2.500 Delegierte')] });
    expect(scoreAnswer(answerable!, shown, 5)).toMatchObject({ right: true, foundAtK: true, reciprocalRank: 0.5 });
    expect(scoreAnswer(answerable!, shown, 1)).toMatchObject({ right: true, foundAtK: false, reciprocalRank: 0 });
    expect(scoreAnswer(answerable!, answer({ answerLine: '2500 — stated by 1 of 2 articles' }), 5).right).toBe(true);
    expect(scoreAnswer(answerable!, answer({ quotes: [quote(1, 'b.txt', '250 Delegierte')] }), 5).right).toBe(false);
  });

  it('counts an abstain question right only when the answer abstains, and an abstention on an answerable one wrong', () => {
    const abstained = answer({ status: 'abstained', abstention: { reason: 'r', corpusSummary: 's' } });
    expect(scoreAnswer(abstain!, abstained, 5).right).toBe(true);
    expect(scoreAnswer(abstain!, answer({ quotes: [quote(1, 'a.txt', 'x')] }), 5).right).toBe(false);
    expect(scoreAnswer(answerable!, { ...abstained, answerLine: '2500' }, 5).right).toBe(false);
  });

  it('summarises into fractions over the questions each measure applies to', () => {
    const summary = summarize([
      score({ id: '1', right: true, foundAtK: true, reciprocalRank: 1 }),
      score({ id: '2', abstained: true }),
      score({ id: '3', kind: 'abstain', right: true, abstained: true }),
    ]);
    expect(summary).toEqual({ n: 3, found_at_k: 0.5, mrr: 0.5, answer_accuracy: 0.5, abstain_accuracy: 1 });
  });

  it('names the line of a question file that is not in the format', () => {
    expect(() => parseQuestionSet('{"id":"x","lang":"en","question":"?","expect":{}}\n')).toThrow(/^line 1 /);
  });
});

describe('retrieval and the baseline', () => {
  it('ranks the retrieved passages apart from the quotes, over the whole list', () => {
    const retrieved = ['a.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt', 'g.txt', 'b.txt'].map((articleId, i) => ({ passageId: `p${i}`, articleId }));
    const scored = scoreAnswer(answerable!, answer({ quotes: [quote(1, 'b.txt', '2500')], retrieved }), 5);
    expect(scored).toMatchObject({ foundAtK: true, reciprocalRank: 1, retrievalFoundAtK: false });
    expect(scored.retrievalReciprocalRank).toBeCloseTo(1 / 7);
    expect(summarizeRetrieval([scored, score({ retrievalFoundAtK: true, retrievalReciprocalRank: 1 })])).toEqual({ found_at_k: 0.5, mrr: 0.571 });
  });

  it('counts the baseline right when its top 3 sentences show the answer, and never abstaining', () => {
    const sentences = ['x', 'y', 'mit 2.500 Delegierten', 'z'].map((text, i) => ({ articleId: i === 2 ? 'b.txt' : 'a.txt', text, score: 4 - i }));
    expect(scoreBaseline(answerable!, { sentences, confidence: 0.4 }, 5)).toMatchObject({ right: true, foundAtK: true, reciprocalRank: 1 / 3, confidence: 0.4 });
    const fourth = [sentences[0]!, sentences[1]!, sentences[3]!, sentences[2]!];
    expect(scoreBaseline(answerable!, { sentences: fourth, confidence: 0.4 }, 5)).toMatchObject({ right: false, foundAtK: false, retrievalFoundAtK: true });
    expect(scoreBaseline(abstain!, { sentences, confidence: 0.1 }, 5)).toMatchObject({ right: false, abstained: false });
  });

  it('withholds answers under a confidence threshold: right abstentions gained, right answers lost', () => {
    const gated = withThreshold([score({ right: true, confidence: 0.2 }), score({ right: true, confidence: 0.8 }), score({ kind: 'abstain', confidence: 0.1 })], 0.5);
    expect(gated.map((s) => [s.abstained, s.right])).toEqual([[true, false], [false, true], [true, true]]);
  });
});
