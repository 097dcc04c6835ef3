/**
 * Times of day (src/corpus/text/times.ts), as the date kind reads them: in news, "when" is often an hour.
 */
import { describe, expect, it } from 'vitest';
import { date } from '../../src/corpus/kinds/date.js';
import { tokenize } from '../../src/corpus/text/analyzer.js';

const dates = (text: string, language: string) => date.spans({ text, tokens: tokenize(text, language), language }).map((s) => [text.slice(s.start, s.end), s.key]);

describe('times of day', () => {
  it('reads an hour after a clock word, with its minutes, and keeps the date beside it', () => {
    expect(dates('Brannen ble meldt kl. 19.33 fredag 24. juli 2019.', 'no')).toEqual([['kl. 19.33', '19:33'], ['24. juli 2019', '2019-07-24']]);
    expect(dates('Søket ble avsluttet klokken 17.', 'no')).toEqual([['klokken 17', '17:00']]);
    expect(dates('I 11.30-tiden kolliderte to biler på E6.', 'no')).toEqual([['11.30-tiden', '11:30']]);
    expect(dates('Mötet började klockan 14.15 i stadshuset.', 'sv')).toEqual([['klockan 14.15', '14:15']]);
  });

  it('reads an hour before a clock word, and a.m./p.m. as the day\'s hours', () => {
    expect(dates('Die Sitzung begann um 17 Uhr im Rathaus.', 'de')).toEqual([['17 Uhr', '17:00']]);
    expect(dates('La séance a repris à 17 h 30.', 'fr')).toEqual([['17 h 30', '17:30']]);
    expect(dates('The talks began at 5 p.m. and ended at 9:30 am on Friday.', 'en')).toEqual([['5 p.m.', '17:00'], ['9:30 am', '09:30']]);
    expect(dates('Заседание началось в 17:00 по местному времени.', 'ru')).toEqual([['17:00', '17:00']]);
  });

  it('is no hour without a clock word: counts, scores and percentages stay figures', () => {
    expect(dates('Kampen endte 2-1 etter 90 minutter, og 17 spillere fikk gult kort.', 'no')).toEqual([]);
    expect(dates('Shares rose 12.30 per cent at the opening.', 'en')).toEqual([]);
  });

  it('never indexes an hour: the same hour in two reports is no sign of the same fact', () => {
    const [span] = date.spans({ text: 'Søket ble avsluttet klokken 17.', tokens: tokenize('Søket ble avsluttet klokken 17.', 'no'), language: 'no' });
    expect(date.indexKey(span!)).toBeNull();
  });
});
