/**
 * The value kinds (src/corpus/kinds): one definition of each kind's spans and index key, for the
 * value index and for answering (what a figure measures: test/corpus/spans.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ANSWER_KINDS, valueKeysOf } from '../../src/corpus/kinds/registry.js';
import { organisation } from '../../src/corpus/kinds/organisation.js';
import { tokenize } from '../../src/corpus/text/analyzer.js';

describe('the value index\'s keys', () => {
  it('are each kind\'s own index key of its spans: an organisation is looked up under the key it is indexed by', () => {
    const text = 'The Bank of England raised its rate to 5,25 % on 3 August 2023, said Andrew Bailey.';
    const tokens = tokenize(text, 'en');
    const bank = organisation.spans({ text, tokens, language: 'en' }).find((s) => text.slice(s.start, s.end) === 'Bank of England')!;
    expect(valueKeysOf(text, 'en')).toContain(organisation.indexKey(bank));
    expect(organisation.indexKey(bank)).toBe('o:bank england');
    // Nothing else, and nothing less, than the kinds' own keys.
    const own = new Set(ANSWER_KINDS.flatMap((kind) => kind.spans({ text, tokens, language: 'en' }).flatMap((span) => kind.indexKey(span) ?? [])));
    expect(new Set(valueKeysOf(text, 'en'))).toEqual(own);
    expect(own).toEqual(new Set(['o:bank england', 'n:5.25', 'd:2023-08-03', 'p:andrew bailey', 'o:andrew bailey']));
  });
});
