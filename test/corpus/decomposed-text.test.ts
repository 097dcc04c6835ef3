/**
 * Decomposed Unicode (NFD: a letter, then its combining marks), as Vietnamese sources often write
 * it (issue 22, item 16): tokens' offsets index the text they were cut from, so an answer's
 * values and quotes are the article's own words, not text shifted by the marks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openResearchService } from '../../src/app/service.js';
import { tokenize } from '../../src/corpus/text/analyzer.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const BRIDGE = 'Die Zürcher Brücke wurde 1888 eröffnet und ist 120 Meter lang.';
const LONG_BIEN = 'Cầu Long Biên dài 2.290 mét và được khánh thành năm 1902 sau bốn năm xây dựng.';

describe('tokens of decomposed text', () => {
  it('index the text as given, and are analysed as the composed text is', () => {
    for (const [composed, language] of [[BRIDGE, 'de'], [LONG_BIEN, 'vi']] as const) {
      const decomposed = composed.normalize('NFD');
      expect(decomposed).not.toBe(composed);
      const tokens = tokenize(decomposed, language);
      expect(tokens.map((t) => decomposed.slice(t.start, t.end).normalize('NFC'))).toEqual(tokens.map((t) => t.surface));
      expect(tokens.map(({ surface, term, isNumber }) => ({ surface, term, isNumber }))).toEqual(
        tokenize(composed, language).map(({ surface, term, isNumber }) => ({ surface, term, isNumber })),
      );
    }
  });
});

describe('answers from decomposed articles', () => {
  let workspace: Workspace;
  afterEach(() => workspace?.cleanup());

  it('state values and quote passages that are the article’s own text', async () => {
    workspace = makeWorkspace({
      seeds: {
        'bridge_nfd.txt': `${BRIDGE}\nSource: https://example.org/bruecke\n`.normalize('NFD'),
        'bridge_other.txt': 'Die Zürcher Brücke ist 130 Meter lang, berichtet die Stadt.\nSource: https://example.org/stadt\n',
        'harbour.txt': 'Der Hafen von Vardø wurde 1990 eröffnet.\nSource: https://example.org/hafen\n',
        'long_bien_nfd.txt': `${LONG_BIEN}\nSource: https://example.org/long-bien\n`.normalize('NFD'),
      },
    });
    const articles = new Map(fs.readdirSync(workspace.seedsDir).map((name) => [name, fs.readFileSync(path.join(workspace.seedsDir, name), 'utf8')]));
    const service = await openResearchService(workspace.config, { buildIfMissing: true });
    try {
      const asked = [
        ['Wann wurde die Zürcher Brücke eröffnet?', '1888'],
        ['Wie lang ist die Zürcher Brücke?', '120 Meter'],
        ['Cầu Long Biên được khánh thành năm nào?', '1902'],
        ['Cầu Long Biên dài bao nhiêu mét?', '2.290 mét'],
      ] as const;
      for (const [question, value] of asked) {
        const answer = await service.ask(question);
        expect(answer.values.map((v) => v.value.normalize('NFC'))).toContain(value);
        for (const quote of answer.quotes) expect(articles.get(quote.source.articleId)).toContain(quote.text);
        for (const stated of answer.values) {
          const quoted = answer.quotes.filter((q) => stated.citations.includes(q.citation));
          expect(quoted.length).toBeGreaterThan(0);
          for (const quote of quoted) expect(quote.text).toContain(stated.value);
        }
      }
    } finally {
      await service.close();
    }
  });
});
