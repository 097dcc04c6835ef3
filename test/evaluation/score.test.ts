import { describe, expect, it } from 'vitest';
import type { Answer, Quote, StatedValue } from '../../src/answer/types.js';
import { summarizeLine } from '../../src/evaluation/line-summary.js';
import { parseQuestionSet } from '../../src/evaluation/questions.js';
import { expectedSupport, matchTokens, normalizeForMatch, scoreAnswer, statesGold, tokenF1, scoreBaseline, summarize, summarizeRetrieval, withThreshold, type QuestionScore } from '../../src/evaluation/score.js';

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

const stated = (value: string, articles = 1): StatedValue => ({ value, citations: [1], articleIds: Array.from({ length: articles }, (_, i) => `a${i}.txt`), context: null });
const line = (values: StatedValue[], partial: Partial<Answer> = {}) => answer({ values, answerLine: values.map((v) => v.value).join(' · '), ...partial });
const question = (answerAny: string[], extra: object = {}) =>
  parseQuestionSet(JSON.stringify({ id: 'q', lang: 'en', question: '?', expect: { answer_any: answerAny, sources_any: ['a0.txt', 'a1.txt', 'a2.txt'], ...extra } }))[0]!;

describe('the answer line: is a stated value a gold span?', () => {
  it('folds case, NFKC, punctuation and digit-group separators into words', () => {
    expect(matchTokens('„Viking Sky“, (2019)!')).toEqual(['viking', 'sky', '2019']);
    expect(matchTokens('2.500')).toEqual(['2500']);
    expect(matchTokens('10 000 tilskuere')).toEqual(['10000', 'tilskuere']);
    expect(matchTokens('ＡＢ 83,5')).toEqual(['ab', '83', '5']);
  });

  it('takes a value that contains a gold span, or lies in one, as right, but not part of a word or a number', () => {
    expect(statesGold('minst 63', ['63'])).toBe(true);
    expect(statesGold('10 000', ['10.000 tilskuere'])).toBe(true);
    expect(statesGold('1.373', ['1373'])).toBe(true);
    expect(statesGold('7', ['1978'])).toBe(false);
    expect(statesGold('100 meter', ['1.373'])).toBe(false);
    expect(statesGold('York Citys', ['Bill de Blasio'])).toBe(false);
  });

  it('takes a value that overlaps a gold span by token F1 of at least one half as right', () => {
    expect(tokenF1(['royal', 'norwegian', 'navy'], ['the', 'norwegian', 'navy'])).toBeCloseTo(2 / 3);
    expect(statesGold('Royal Norwegian Navy', ['the Norwegian Navy'])).toBe(true);
    // One word of four shared: F1 0.25.
    expect(statesGold('the royal navy ships', ['Norwegian coast guard navy'])).toBe(false);
  });

  it('judges scripts written without spaces by their characters', () => {
    expect(matchTokens('北京大学')).toEqual(['北', '京', '大', '学']);
    expect(statesGold('北京大学', ['北京'])).toBe(true);
    // Two characters of three shared (F1 2/3), though no side contains the other.
    expect(statesGold('上海市', ['上海港'])).toBe(true);
    expect(statesGold('南京', ['北京大学'])).toBe(false);
    expect(statesGold('กรุงเทพ', ['เชียงใหม่'])).toBe(false);
  });

  it('judges the first value a line lists, and counts a question without a line as given no line', () => {
    const q = question(['72']);
    expect(scoreAnswer(q, line([stated('72'), stated('nearly 70')]), 5).line).toMatchObject({ given: true, right: true, values: 2, numeric: true });
    expect(scoreAnswer(q, line([stated('nearly 70'), stated('72')]), 5).line).toMatchObject({ given: true, right: false });
    // The quotes show 72 (evidence right), but no line is stated.
    const quotesOnly = scoreAnswer(q, answer({ status: 'evidence', quotes: [quote(1, 'a0.txt', '72 countries signed')] }), 5);
    expect(quotesOnly).toMatchObject({ right: true, line: { given: false, right: false } });
    expect(scoreAnswer(question(['Oslo']), line([stated('Oslo')]), 5).line?.numeric).toBe(false);
  });

  it('summarises line given, precision and accuracy, overall and for numbers, and the disagreement lines', () => {
    const number = question(['72']);
    const name = question(['Oslo']);
    const scores = [
      scoreAnswer(number, line([stated('72')], { lineConfidence: 0.9 }), 5),
      scoreAnswer(number, line([stated('40'), stated('72')], { lineConfidence: 0.3 }), 5),
      scoreAnswer(name, line([stated('Oslo')], { confidence: 0.8 }), 5),
      scoreAnswer(name, answer({ status: 'evidence' }), 5),
      scoreAnswer(abstain!, answer({ status: 'abstained' }), 5),
    ];
    const summary = summarizeLine(scores);
    expect(summary).toMatchObject({ line_given: 0.75, line_precision: 0.667, line_accuracy: 0.5, disagreement_lines: 0.25 });
    expect(summary.numeric).toEqual({ n: 2, line_given: 1, line_precision: 0.5, line_accuracy: 0.5 });
    // Withholding lines under 0.3…0.8 keeps the two right ones: precision rises as coverage falls.
    expect(summary.line_risk_coverage.points.map((p) => [p.coverage, p.precision])).toEqual([[0.75, 0.667], [0.5, 1], [0.25, 1]]);
    expect(summary.disagree).toBeUndefined();
    expect(summarizeLine([scoreAnswer(abstain!, answer({ status: 'abstained' }), 5)])).toMatchObject({ line_given: null, line_precision: null, line_risk_coverage: { aurc: null, points: [] } });
  });
});

describe('stories told by several articles (expect.values, expect.disagree)', () => {
  const disagreeing = question(['1939'], { values: ['1939', '1940'], disagree: true });
  const agreeing = question(['1950'], { values: ['1950'], disagree: false });

  it('reads the two fields of the disagree-dev format', () => {
    expect(disagreeing.expect).toMatchObject({ values: ['1939', '1940'], disagree: true });
    expect(expectedSupport(['1939', '1940'], true, 3)).toEqual([2, 1]);
    expect(expectedSupport(['1950'], false, 3)).toEqual([3]);
  });

  it('shows a disagreement when each expected value has a listed value of its own, and counts support per value', () => {
    expect(scoreAnswer(disagreeing, line([stated('1940', 1), stated('1939', 2)]), 5).disagree).toEqual({ disagree: true, shown: true, alone: false, listed: 2, supportRight: true });
    expect(scoreAnswer(disagreeing, line([stated('1939', 3)]), 5).disagree).toMatchObject({ shown: false, supportRight: false });
    expect(scoreAnswer(disagreeing, line([stated('1939', 2), stated('1939 or so', 1)]), 5).disagree).toMatchObject({ shown: false });
  });

  it('takes an agreement right only with the value alone, and two values where the articles agree as spurious', () => {
    expect(scoreAnswer(agreeing, line([stated('1950', 3)]), 5).disagree).toMatchObject({ alone: true, listed: 1, supportRight: true });
    expect(scoreAnswer(agreeing, line([stated('1950', 2)]), 5).disagree).toMatchObject({ alone: true, supportRight: false });
    expect(scoreAnswer(agreeing, line([stated('1950', 3), stated('1953', 1)]), 5).disagree).toMatchObject({ alone: false, listed: 2, supportRight: true });
    expect(scoreAnswer(agreeing, answer({ status: 'evidence' }), 5).disagree).toMatchObject({ alone: false, listed: 0, supportRight: null });
  });

  it('summarises shown, right, spurious and support over the stories they apply to', () => {
    const summary = summarizeLine([
      scoreAnswer(disagreeing, line([stated('1939', 2), stated('1940', 1)]), 5),
      scoreAnswer(disagreeing, line([stated('1939', 3)]), 5),
      scoreAnswer(agreeing, line([stated('1950', 3)]), 5),
      scoreAnswer(agreeing, line([stated('1950', 2), stated('1952', 1)]), 5),
      scoreAnswer(agreeing, answer({ status: 'evidence' }), 5),
    ]).disagree;
    expect(summary).toEqual({ stories: 5, disagreeing: 2, disagreements_shown: 0.5, agreements_right: 0.333, spurious: 0.333, answered: 4, support_right: 0.5 });
  });
});
