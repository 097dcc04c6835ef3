import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.js';

const cut = (text: string, language: string) => splitSentences(text, language).map((s) => s.text);

describe('sentences', () => {
  it('does not end a sentence inside an abbreviation of single letters', () => {
    expect(cut('ธงไชย แมคอินไตย์ ชื่อเล่น เบิร์ด (เกิด 8 ธันวาคม พ.ศ. 2503) เป็นนักร้อง นักแสดง', 'th')).toHaveLength(1);
    expect(cut('Das gilt z. B. für alle. Dann endet es.', 'de')).toEqual(['Das gilt z. B. für alle.', 'Dann endet es.']);
  });

  it('still ends a sentence after a letter that closes it, and after an ordinal day that is not one', () => {
    expect(cut('Vi valgte plan B. Den virket.', 'no')).toEqual(['Vi valgte plan B.', 'Den virket.']);
    expect(cut('Er kam am 3. Mai. Dann ging er.', 'de')).toEqual(['Er kam am 3. Mai.', 'Dann ging er.']);
  });

  it('does not end a sentence at an ordinal before a century or a lower-case word', () => {
    expect(cut('Im 20. Jahrhundert führte die Entwicklung der Quantenmechanik zu mehr. Das ist gut.', 'de')).toEqual([
      'Im 20. Jahrhundert führte die Entwicklung der Quantenmechanik zu mehr.',
      'Das ist gut.',
    ]);
    expect(cut('20. yüzyılda kuantum mekaniği gelişti. Bu önemliydi.', 'tr')).toEqual(['20. yüzyılda kuantum mekaniği gelişti.', 'Bu önemliydi.']);
    expect(cut('Laget spiller i 2. divisjon. Treneren er fornøyd.', 'no')).toEqual(['Laget spiller i 2. divisjon.', 'Treneren er fornøyd.']);
    // A number that ends a sentence still ends it.
    expect(cut('Er wurde Zweiter mit Platz 2. Die Leute jubelten.', 'de')).toEqual(['Er wurde Zweiter mit Platz 2.', 'Die Leute jubelten.']);
  });

  it('does not end a sentence at a title before a name', () => {
    expect(cut('Han spilte for St. Pauli i fjor. Nå er han tilbake.', 'no')).toEqual(['Han spilte for St. Pauli i fjor.', 'Nå er han tilbake.']);
    expect(cut('Dr. Müller und Prof. Smith trafen Mr. Brown. Dann gingen sie.', 'de')).toEqual(['Dr. Müller und Prof. Smith trafen Mr. Brown.', 'Dann gingen sie.']);
    expect(cut('Hr. Meier kam mit der Nr. 5 Der Rest blieb.', 'de')).toHaveLength(1);
    expect(cut('Mme. Dupont et M. Macron sont venus. Ils sont partis.', 'fr')).toEqual(['Mme. Dupont et M. Macron sont venus.', 'Ils sont partis.']);
    expect(cut('El Sr. García y la Sra. López vinieron. Fin.', 'es')).toEqual(['El Sr. García y la Sra. López vinieron.', 'Fin.']);
    expect(cut('Ο κ. Παπαδόπουλος μίλησε. Τέλος.', 'el')).toEqual(['Ο κ. Παπαδόπουλος μίλησε.', 'Τέλος.']);
    expect(cut('Tại TP. Hồ Chí Minh, PGS.TS. Nguyễn Văn An nói. Hết.', 'vi')).toEqual(['Tại TP. Hồ Chí Minh, PGS.TS. Nguyễn Văn An nói.', 'Hết.']);
  });

  it('does not end a sentence at an abbreviation before a capital or a number', () => {
    expect(cut('Det gjelder bl.a. Norge, f.eks. Oslo, og ca. 200 000. Kampen startet kl. 19.33 i dag, jf. Grunnloven.', 'no')).toEqual([
      'Det gjelder bl.a. Norge, f.eks. Oslo, og ca. 200 000.',
      'Kampen startet kl. 19.33 i dag, jf. Grunnloven.',
    ]);
    expect(cut('Bl.a. Per kom. Han gikk.', 'no')).toEqual(['Bl.a. Per kom.', 'Han gikk.']);
    expect(cut('Det gällde t.ex. Sverige, ev. Norge. Sedan inget.', 'sv')).toEqual(['Det gällde t.ex. Sverige, ev. Norge.', 'Sedan inget.']);
    expect(cut('Es gilt z. B. Autos bzw. Kosten und ggf. Maßnahmen für 3 Mio. Einwohner. Dann endet es.', 'de')).toEqual([
      'Es gilt z. B. Autos bzw. Kosten und ggf. Maßnahmen für 3 Mio. Einwohner.',
      'Dann endet es.',
    ]);
    expect(cut('Это т. е. Москва: он жил на ул. Ленина в Театре им. Пушкина. Конец.', 'ru')).toEqual([
      'Это т. е. Москва: он жил на ул. Ленина в Театре им. Пушкина.',
      'Конец.',
    ]);
    expect(cut('Він жив на вул. Шевченка, м. Київ. Кінець.', 'uk')).toEqual(['Він жив на вул. Шевченка, м. Київ.', 'Кінець.']);
    expect(cut('It was Chelsea vs. Arsenal at Mt. Everest Stadium. It ended.', 'en')).toEqual(['It was Chelsea vs. Arsenal at Mt. Everest Stadium.', 'It ended.']);
    expect(cut('In Duncan v. Louisiana the court ruled. It was 1968.', 'en')).toEqual(['In Duncan v. Louisiana the court ruled.', 'It was 1968.']);
    expect(cut('Die Stadt wurde 50 v. Chr. gegründet. Um 50 n. Chr. Die Römer kamen.', 'de')).toEqual(['Die Stadt wurde 50 v. Chr. gegründet.', 'Um 50 n. Chr.', 'Die Römer kamen.']);
  });

  it('reads "г." and "м." as the city before a name, and after a number as a year or a unit, which can end a sentence', () => {
    expect(cut('Он живёт в г. Москва. Он родился в 2020 г. Потом переехал.', 'ru')).toEqual(['Он живёт в г. Москва.', 'Он родился в 2020 г.', 'Потом переехал.']);
    expect(cut('Він живе в м. Київ. Стіна має висоту 5 м. Потім її знесли.', 'uk')).toEqual(['Він живе в м. Київ.', 'Стіна має висоту 5 м.', 'Потім її знесли.']);
  });

  it('does not end a sentence at an abbreviated month before a number', () => {
    expect(cut('On Jan. 5 President Biden signed it. It happened in May. 30 Norwegians died.', 'en')).toEqual(['On Jan. 5 President Biden signed it.', 'It happened in May.', '30 Norwegians died.']);
    expect(cut('Am 3. Jan. 2026 begann die Saison. Dann kam der Winter.', 'de')).toEqual(['Am 3. Jan. 2026 begann die Saison.', 'Dann kam der Winter.']);
  });

  it("does not end a sentence at a name's initial", () => {
    expect(cut('Ernæringsprofessor Kaare R. Norum er død. Han ble 87 år.', 'no')).toEqual(['Ernæringsprofessor Kaare R. Norum er død.', 'Han ble 87 år.']);
    expect(cut('Donald J. Trump met H. C. Andersen. Nothing came of it.', 'en')).toEqual(['Donald J. Trump met H. C. Andersen.', 'Nothing came of it.']);
    // A letter that names a group or a plan, before a sentence's first word, still ends it.
    expect(cut('Norway plays in Group B. The first match is today.', 'en')).toEqual(['Norway plays in Group B.', 'The first match is today.']);
  });

  it('does not end a sentence at a full stop inside a Thai word', () => {
    expect(cut('ที่ อ.บางระจัน จ.สิงห์บุรี มี พ.ต.ท.ทักษิณ และ รมว.เกษตร', 'th')).toHaveLength(1);
    // A full stop before a space still ends one.
    expect(cut('เขาย้ายไปมาดริด. ต่อมาเขากลับบ้าน', 'th')).toEqual(['เขาย้ายไปมาดริด.', 'ต่อมาเขากลับบ้าน']);
  });

  it('still ends a sentence at an abbreviation that often closes one', () => {
    expect(cut('Es gab Äpfel, Birnen usw. Dann endet es.', 'de')).toEqual(['Es gab Äpfel, Birnen usw.', 'Dann endet es.']);
    expect(cut('Ap, Sp mfl. stemte for. Det var alt. Høyre, Venstre mfl. Så kom resten.', 'no')).toEqual([
      'Ap, Sp mfl. stemte for.',
      'Det var alt.',
      'Høyre, Venstre mfl.',
      'Så kom resten.',
    ]);
  });

  it('keeps each sentence where it stands in the text', () => {
    const text = 'Sie kam z. B. am 1. Januar 2026 an. Danach ging sie.';
    for (const s of splitSentences(text, 'de')) expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });
});
