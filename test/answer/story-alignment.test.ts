/**
 * One report published in several languages (issue 21): the other versions' statements of the
 * asked fact are found by what survives translation (the figures around it, in the same order,
 * and names), support is counted from them, and a figure changed in one version is shown as a
 * disagreement. Corpora of our own, one sentence a paragraph as news sites print them.
 */
import { describe, expect, it } from 'vitest';
import { corpusOf, seedCorpus } from './fixtures.js';

const article = (lines: string[], name: string) => [...lines, `Source: https://example.org/${name}`].join('\n');

/** One report on a bridge in English, Turkish and Vietnamese; the Vietnamese version says it was first repainted in 1977, the others 1979. */
const BRIDGE = {
  'karsvik_en.txt': article(
    [
      'The Karsvik Bridge was built between 1958 and 1962 by a team of 340 workers.',
      'It crosses the Lena Strait with a main span of 412 metres.',
      'Traffic on the bridge reached 18,000 vehicles a day in 1990.',
      'A second lane for cyclists was added in 2004, and the toll on the Karsvik Bridge was abolished in 2011.',
      'The Karsvik Bridge was repainted for the first time in 1979.',
    ],
    'en',
  ),
  'karsvik_tr.txt': article(
    [
      'Karsvik Köprüsü 1958 ile 1962 yılları arasında 340 işçiden oluşan bir ekip tarafından inşa edildi.',
      "Köprü, 412 metrelik ana açıklığıyla Lena Boğazı'nı geçiyor.",
      'Köprüdeki trafik 1990 yılında günde 18.000 araca ulaştı.',
      '2004 yılında bisikletliler için ikinci bir şerit eklendi ve Karsvik Köprüsü geçiş ücreti 2011 yılında kaldırıldı.',
      'Karsvik Köprüsü ilk kez 1979 yılında boyandı.',
    ],
    'tr',
  ),
  'karsvik_vi.txt': article(
    [
      'Cầu Karsvik được xây dựng từ năm 1958 đến năm 1962 bởi một đội gồm 340 công nhân.',
      'Cầu bắc qua eo biển Lena với nhịp chính dài 412 mét.',
      'Lưu lượng giao thông trên cầu đạt 18.000 xe mỗi ngày vào năm 1990.',
      'Năm 2004, một làn đường dành cho người đi xe đạp được bổ sung, và phí qua cầu Karsvik được bãi bỏ vào năm 2011.',
      'Cầu Karsvik được sơn lại lần đầu tiên vào năm 1977.',
    ],
    'vi',
  ),
  // Another bridge: the same years and a figure in common, another story.
  'tolvik_en.txt': article(
    [
      'The Tolvik Bridge was repainted for the first time in 1979, the year its toll was abolished.',
      'It carried 18,000 vehicles a day before the tunnel opened in 2011.',
    ],
    'en',
  ),
};

describe('the versions of one report in other languages', async () => {
  const bridge = await corpusOf(BRIDGE);

  it('shows the figure one version changed beside the figure the others state, each with its articles', async () => {
    const answer = await bridge.engine.ask('When was the Karsvik Bridge repainted for the first time?');
    expect(answer.values.map((v) => v.value)).toEqual(['1979', '1977']);
    expect(answer.values[0]!.articleIds.sort()).toEqual(['karsvik_en.txt', 'karsvik_tr.txt']);
    expect(answer.values[1]!.articleIds).toEqual(['karsvik_vi.txt']);
  });

  it('counts every version that states the figure, and not another story that states it too', async () => {
    const answer = await bridge.engine.ask('When was the toll on the Karsvik Bridge abolished?');
    expect(answer.values.map((v) => v.value)).toEqual(['2011']);
    expect(answer.values[0]!.articleIds.sort()).toEqual(['karsvik_en.txt', 'karsvik_tr.txt', 'karsvik_vi.txt']);
  });
});

describe('what is quoted beside the versions of a report', async () => {
  const bridge = await corpusOf(BRIDGE);

  it('quotes the best evidence beyond the value\'s statements, however many versions state the value', async () => {
    const answer = await bridge.engine.ask('When was the toll on the Karsvik Bridge abolished?');
    expect(answer.values[0]!.articleIds).toHaveLength(3);
    expect(answer.quotes.some((q) => !q.text.includes('2011'))).toBe(true);
  });
});

describe('statements of one fact', async () => {
  // Two articles on one council: the storm's year stands beside the same words, and is another fact.
  const council = await corpusOf({
    'elections_en.txt': article(['The first direct elections to the Harbour Council of Velmora were held in 1979, after decades of appointed members.'], 'elections'),
    'storm_en.txt': article(['The first direct hit on the Harbour Council of Velmora by a storm since 1871 was held to be a warning.'], 'storm'),
    ...{ 'school_no.txt': article(['Kommunen åpnet en ny barneskole i sentrum på mandag.'], 'school') },
  });

  it('does not set a year decades apart against the answer', async () => {
    const answer = await council.engine.ask('When were the first direct elections to the Harbour Council of Velmora held?');
    expect(answer.values.map((v) => v.value)).toEqual(['1979']);
  });
});

describe('statements of one figure in languages the question is not asked in', async () => {
  // Three reports of one exercise: the Swedish one counts the soldiers differently, in words neither shares with the French question.
  const exercise = await corpusOf({
    'exercise_fr.txt': article(["Au total, 4 800 soldats ont participé à l'exercice près de Bodø, selon l'armée."], 'exercise-fr'),
    'exercise_no.txt': article(['Totalt 4 800 soldater deltok i øvelsen ved Bodø i mars.'], 'exercise-no'),
    'exercise_sv.txt': article(['Omkring 4 500 soldater övade nära Bodø hela veckan.'], 'exercise-sv'),
    ...{ 'school_no.txt': article(['Kommunen åpnet en ny barneskole i sentrum på mandag.'], 'school') },
  });

  it('sets a figure counting the same thing, a little off, against the answer', async () => {
    const answer = await exercise.engine.ask("Combien de soldats ont participé à l'exercice ?");
    expect(answer.values.map((v) => v.value)).toEqual(['4 800', 'Omkring 4 500']);
    expect(answer.values[0]!.articleIds.sort()).toEqual(['exercise_fr.txt', 'exercise_no.txt']);
  });
});

describe('a version in a language that shares no word with the best statement', async () => {
  const lighthouse = await corpusOf({
    'lighthouse_en.txt': article(['The lighthouse on the island was lit for the first time in 1884, with a light reaching 38 kilometres, and its lamp was replaced in 1962.', 'Today it is run by volunteers and is open to visitors every summer.'], 'lighthouse-en'),
    'lighthouse_vi.txt': article(['Ngọn hải đăng trên đảo được thắp sáng lần đầu tiên vào năm 1884, với ánh sáng chiếu xa 38 km.', 'Đèn của nó được thay thế vào năm 1962.', 'Ngày nay nó do các tình nguyện viên vận hành và mở cửa cho du khách vào mỗi mùa hè.'], 'lighthouse-vi'),
    // The same year in another story, in a language of its own, sharing only another year with the lighthouse's.
    'harbour_de.txt': article(['Der Hafen der Stadt wurde 1884 erweitert.', 'Im Jahr 1962 kam ein neuer Kai hinzu.'], 'harbour-de'),
  });

  it('supports the value it states where the story does, found by a figure of the story that is no year', async () => {
    const answer = await lighthouse.engine.ask('In which year was the lighthouse on the island lit for the first time?');
    expect(answer.values.map((v) => v.value)).toEqual(['1884']);
    expect(answer.values[0]!.articleIds.sort()).toEqual(['lighthouse_en.txt', 'lighthouse_vi.txt']);
  });
});

describe('the seeds: one signing reported in five languages', async () => {
  const seeds = await seedCorpus();

  it('shows 72 against the Swedish "nästan 70" whichever language the question is asked in', async () => {
    for (const question of ['Hvor mange land signerte konvensjonen?', 'Hur många länder undertecknade konventionen?', 'Wie viele Länder haben die Konvention unterzeichnet?', 'Combien de pays ont signé la convention ?', 'Скільки країн підписали конвенцію?']) {
      const answer = await seeds.engine.ask(question);
      expect(answer.values.map((v) => v.value).sort(), question).toEqual(['72', 'nästan 70']);
    }
  });

  it('counts for 72 every article that reports the signing with it (four of five), and the Swedish one for "nästan 70" only, whichever language the question is asked in', async () => {
    // The four reports that say 72 countries signed: Norwegian, Ukrainian, German and French.
    const reporting = ['000_dea65f15ca7fd346.txt', '002_422d6d14955913b1.txt', '003_e08478164ab21d36.txt', '004_7b129aeb4f296bfc.txt'];
    for (const question of ['Hvor mange land signerte konvensjonen?', 'Hur många länder undertecknade konventionen?', 'Wie viele Länder haben die Konvention unterzeichnet?', 'Combien de pays ont signé la convention ?', 'Скільки країн підписали конвенцію?']) {
      const answer = await seeds.engine.ask(question);
      expect(answer.values.find((v) => v.value === '72')!.articleIds.sort(), question).toEqual(reporting);
      expect(answer.values.find((v) => v.value === 'nästan 70')!.articleIds, question).toEqual(['001_2bbfcbddf29d72c1.txt']);
    }
  });
});
