/** Hand-made answers for the render tests and the stub service. */
import type { Answer, Quote, SourceRef } from '../../src/answer/types.js';

export const VTV_SOURCE: SourceRef = {
  articleId: '000_dea65f15ca7fd346.txt',
  title: 'General Luong Tam Quang holdt avslutningstalen',
  language: 'nb',
  url: 'https://vtv.vn/phat-bieu-cua-bo-truong-bo-cong-an-tai-phien-be-mac-le-mo-ky-cong-uoc-ha-noi-100251026210701246.htm',
};

export const VIETNAMNET_SOURCE: SourceRef = {
  articleId: '003_e08478164ab21d36.txt',
  title: 'Hanoi-Konvention: Leuchtturm für die globale Zusammenarbeit',
  language: 'de',
  url: 'https://vietnamnet.vn/cong-uoc-ha-noi-ngon-hai-dang-soi-duong-cho-hop-tac-toan-cau-ve-an-ninh-mang-2456536.html',
};

export function quote(citation: number, source: SourceRef, text: string, extra: Partial<Quote> = {}): Quote {
  return {
    citation,
    passageId: `${source.articleId}#${citation}`,
    source,
    paragraph: 4,
    text,
    trimmedStart: false,
    trimmedEnd: false,
    ...extra,
  };
}

export function makeAnswer(overrides: Partial<Answer> = {}): Answer {
  return {
    id: 'a1b2c3',
    question: 'Hvor mange land signerte konvensjonen?',
    mode: 'lexical',
    status: 'answered',
    confidence: 1,
    retrieved: [],
    answerLine: '72 — stated by 1 of 1 articles',
    values: [{ value: '72', citations: [1], articleIds: [VTV_SOURCE.articleId], context: null }],
    quotes: [
      quote(
        1,
        VTV_SOURCE,
        'Signeringsseremonien for FNs konvensjon mot nettkriminalitet ble avholdt høytidelig og vellykket, med representanter fra 72 land som signerte konvensjonen.',
        { trimmedStart: true, trimmedEnd: true },
      ),
    ],
    abstention: null,
    notices: ['Keyword search only: the embedding model is not loaded.'],
    timings: { embedMs: 0, searchMs: 3, evidenceMs: 2, totalMs: 6 },
    ...overrides,
  };
}

export function makeAbstention(question: string, id = 'abst01'): Answer {
  return makeAnswer({
    id,
    question,
    status: 'abstained',
    answerLine: null,
    values: [],
    quotes: [],
    abstention: {
      reason: 'None of the indexed articles talks about this.',
      corpusSummary: 'The corpus covers the signing of the UN convention against cybercrime in Hanoi.',
    },
  });
}

/** An answer far past every Discord limit: huge question, answer line, values and 40 long quotes. */
export function makeHugeAnswer(id = 'huge01'): Answer {
  const sentence = 'Dette er en lang setning om konvensjonen mot nettkriminalitet med *stjerner* og _streker_. ';
  const long = (n: number) => sentence.repeat(n);
  const quotes = Array.from({ length: 40 }, (_, i) =>
    quote(i + 1, { ...VTV_SOURCE, title: `${long(5)} ${i}` }, long(60), { trimmedStart: true, trimmedEnd: true }),
  );
  return makeAnswer({
    id,
    question: `@everyone ${long(60)}`,
    answerLine: long(80),
    values: Array.from({ length: 30 }, (_, i) => ({
      value: `${i} ${long(3)}`,
      citations: Array.from({ length: 40 }, (_, c) => c + 1),
      articleIds: [VTV_SOURCE.articleId],
      context: null,
    })),
    quotes,
    notices: Array.from({ length: 20 }, () => long(10)),
  });
}
