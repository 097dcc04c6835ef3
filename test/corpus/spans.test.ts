/**
 * Value spans by themselves: figures with their qualifier, scale and unit, dates, names, and the
 * value keys the index stores, in the languages the analysis knows. The sentences are copied
 * from text nobody here wrote: ../shared/eval/disagree-dev (XQuAD's professional translations of
 * SQuAD paragraphs, CC BY-SA 4.0), ../shared/eval/norquad-dev (Norwegian news) and the seed
 * articles; each case names its file.
 */
import { describe, expect, it } from 'vitest';
import { tokenize, type Token } from '../../src/corpus/text/analyzer.js';
import { dateSpans, nameSpans, personSpans, quantitySpans, type ValueSpan } from '../../src/corpus/text/spans.js';
import { valueKeysOf } from '../../src/corpus/kinds/registry.js';

type Finder = (text: string, tokens: Token[], language: string) => ValueSpan[];
/** Names of one word or more (places, organisations, acronyms). */
const anyNames: Finder = (text, tokens, language) => nameSpans(text, tokens, 1, language);
/** Dates (found in the tokens alone). */
const dates: Finder = (text, tokens, language) => dateSpans(text, tokens, language);
/** The keys of the dates a sentence states. */
const dateKeys = (text: string, language: string) => dateSpans(text, tokenize(text, language), language).map((s) => s.key);

/** Each span as the text it covers and its key. */
function found(find: Finder, language: string, text: string): Array<[string, string]> {
  return find(text, tokenize(text, language), language).map((span) => [text.slice(span.start, span.end), span.key]);
}

/** [language, sentence, source, the span expected among those found: its text and key]. */
type Case = [string, string, string, [string, string]];

describe('quantities', () => {
  const cases: Case[] = [
    // Qualifier, number word, scale and unit together.
    ['no', 'Havsenteret vil antakelig koste over seks milliarder kroner før det er ferdig.', 'norquad-dev nv013', ['over seks milliarder kroner', '6000000000']],
    ['no', 'Regissørene Even Sigstad og Filip Christensen i Field Productions har fått 1,5 millioner kroner i produksjonstilskudd.', 'norquad-dev nv001', ['1,5 millioner kroner', '1500000']],
    ['no', 'Formaliseringsprosessen for de tekniske ekspertene forventes å ta minst 30 dager», heter det.', 'norquad-dev nv006', ['minst 30 dager', '30']],
    ['sv', 'Australien utlovade 83,5 miljoner dollar i investeringar för sitt cybersäkerhetsprogram i Sydostasien och Stillahavsområdet...', 'seeds 001', ['83,5 miljoner dollar', '83500000']],
    ['de', '2006 schätzte UNICEF, dass bis zu 30 % der Mädchen in den Küstengebieten von Malindi, Mombasa, Kilifi und Diani in der Prostitution beschäftigt waren.', 'disagree-dev s32_de', ['bis zu 30 %', '30']],
    ['de', 'Heute ist die Warschauer Börse (WSE) laut vielen Indikatoren der größte Markt in der Region, mit 374 börsennotierten Unternehmen und einer Gesamtkapitalisierung von 162 584 Mio.', 'disagree-dev s21_de', ['162 584 Mio', '162584000000']],
    ['fr', "Avec la participation de plus de 2 500 délégués de 119 pays et territoires, de plus de 100 organisations internationales et d'entreprises technologiques de premier plan du monde entier , l'événement est devenu une étape historique.", 'seeds 004', ['plus de 2 500', '2500']],
    ['en', 'While nearly three-quarters eventually were killed  or submitted, roughly 500,000 Huguenots had fled France by the early 18th century[citation needed].', 'disagree-dev s30_en', ['roughly 500,000', '500000']],
    ['en', 'Harvard College accepted 5.3% of applicants for the class of 2019, a record low and the second lowest acceptance rate among all national universities.', 'disagree-dev s31_en', ['5.3%', '5.3']],
    ['en', 'The mean annual deforestation rate from 2000 to 2005 (22,392 km2 or 8,646 sq mi per year) was 18% higher than in the previous five years (19,018 km2 or 7,343 sq mi per year).', 'disagree-dev s02_en', ['18%', '18']],
    ['es', 'La tasa media anual de deforestación de 2000 a 2005 (22 392 km2 o 8646 millas cuadradas al año) fue un 15 % más alta que en los cinco años anteriores (19 018 km2 o 7343 millas cuadradas por año).', 'disagree-dev s02_es', ['cinco años', '5']],
    ['es', 'Como había acordado su padre, Temujin se casó con Börte de la tribu Onggirat cuando tenía unos 16 años con el fin de establecer alianzas entre sus respectivas tribus.', 'disagree-dev s15_es', ['unos 16 años', '16']],
    ['ru', 'Хотя почти три четверти протестантов были убиты или подчинились, около 500,000 гугенотов бежали из страны к началу XVIII века [нет источника].', 'disagree-dev s30_ru', ['около 500,000', '500000']],
    ['ru', 'В соответствии с договоренностью его отца, Тэмуджин женился на Бортэ из племени конгратов, когда ему было примерно 16 лет, чтобы закрепить союз между их племенами.', 'disagree-dev s15_ru', ['примерно 16 лет', '16']],
    ['vi', 'Đại học Harvard chấp nhận 5,3% ứng viên cho năm học 2019, mức thấp kỷ lục và tỷ lệ chấp nhận thấp thứ hai trong số tất cả các trường đại học toàn quốc.', 'disagree-dev s31_vi', ['5,3%', '5.3']],
    ['vi', 'Theo sự sắp xếp trước đây của cha mình, Thiết Mộc Chân kết hôn với Bột Nhi Thiếp của bộ lạc Hoằng Cát Lạt khi ông khoảng 16 tuổi để gắn kết các liên minh giữa các bộ lạc tương ứng của họ.', 'disagree-dev s15_vi', ['khoảng 16', '16']],
    ['el', 'Η Μάγχη, το Βόρειο Κανάλι και το μεγαλύτερο μέρος της Βόρειας Θάλασσας ήταν ξηρά γη, κυρίως γιατί το επίπεδο της θάλασσας ήταν περίπου 120 m (390 ft) χαμηλότερο από αυτό που είναι σήμερα.', 'disagree-dev s33_el', ['περίπου 120 m', '120']],
    ['el', 'Το 70% των πρώην δασικών εκτάσεων στον Αμαζόνιο και 91% των εκτάσεων που έχουν εκκαθαριστεί από το 1970 χρησιμοποιείται για βοσκότοπους.', 'disagree-dev s09_el', ['91%', '91']],
    ['tr', 'Yumuşak, jelatinimsi bedenlerine rağmen, yaklaşık 412 milyon yıl önceki erken Kambriyen döneminden dokunaçları olmayan ama modern formlara kıyasla çok daha fazla tarak dizisine sahip olan taraklıları temsil ettiği düşünülen fosiller Lagerstättelerde bulunmuştur.', 'disagree-dev s16_tr', ['yaklaşık 412 milyon yıl', '412000000']],
  ];
  it.each(cases)('%s: %s (%s)', (language, sentence, _source, span) => {
    expect(found(quantitySpans, language, sentence)).toContainEqual(span);
  });

  it('are the same value in every language a fact is reported in', () => {
    // One story, three translations: 515 million years.
    const keys = [
      ['el', 'Παρά τα μαλακά τους ζελατινώδη σώματα, απολιθώματα που θεωρείται ότι αντιπροσωπεύουν κτενοφόρα, έχουν βρεθεί στο Lagerstätten και χρονολογούνται ήδη από την πρώιμη Κάμβρια περίοδο, 515 εκατομμύρια χρόνια πριν.'],
      ['ro', 'În ciuda corpurilor lor moi, gelatinoase, fosile despre care se crede că reprezintă ctenofori au fost găsite în lagerstätten (depozite sedimentare) încă din Cambrianul timpuriu, acum aproximativ 515 milioane de ani.'],
    ].map(([language, sentence]) => found(quantitySpans, language!, sentence!).map(([, key]) => key));
    for (const key of keys) expect(key).toContain('515000000');
  });

  it('leave out years, and the day of a date', () => {
    const sentence = 'Governor Duquesne sent additional French forces under Claude-Pierre Pecaudy de Contrecœur to relieve Saint-Pierre during the same period, and Contrecœur led 500 men south from Fort Venango on April 5, 1754.';
    expect(found(quantitySpans, 'en', sentence)).toEqual([['500', '500']]);
  });
});

/** Each figure a sentence states: its text, its key and what it measures. */
function figures(text: string, language: string): Array<[string, string, string | null]> {
  return quantitySpans(text, tokenize(text, language), language).map((s) => [text.slice(s.start, s.end), s.key, s.unit ?? null]);
}

describe('what a figure measures (sentences of our own)', () => {
  it('read "1 500" as a count and only a four-digit "1500" as a year', () => {
    const text = 'Grieghallen ble åpnet i 1978 og har plass til 1 500 tilskuere.';
    const tokens = tokenize(text, 'no');
    expect(figures(text, 'no')).toEqual([['1 500', '1500', null]]);
    expect(dateKeys(text, 'no')).toEqual(['1978']);
    const written = 'Festningen ble bygget rundt 1500 av kongen.';
    expect(figures(written, 'no')).toEqual([]);
    expect(dateKeys(written, 'no')).toEqual(['1500']);
  });

  it('say what they measure: percent, money, length and duration', () => {
    expect(figures('Turnout rose to 61 % this year.', 'en')).toEqual([['61 %', '61', 'percent']]);
    expect(figures('Oppslutningen var 58 prosent.', 'no')).toEqual([['58 prosent', '58', 'percent']]);
    expect(figures('The bridge cost $5 million.', 'en')).toContainEqual(['$5 million', '5000000', 'money']);
    expect(figures('Die Brücke kostete 56 Millionen Euro.', 'de')).toEqual([['56 Millionen Euro', '56000000', 'money']]);
    expect(figures('Haldbergtunnelen er 11,4 km lang.', 'no')).toEqual([['11,4 km', '11.4', 'length']]);
    expect(figures('The bridge is 820 metres long.', 'en')).toEqual([['820 metres', '820', 'length']]);
    expect(figures('Arbeidet tok fem år.', 'no')).toEqual([['fem år', '5', 'duration']]);
    expect(figures('Ferja har plass til 600 passasjerer.', 'no')).toEqual([['600', '600', null]]);
  });

  it('read a period of years as how long something lasted, keyed by both years in every language', () => {
    expect(figures('The Summer Theatre was in operation from 1870 to 1939.', 'en')).toEqual([['1870 to 1939', '1870/1939', 'duration']]);
    expect(figures('El Teatro de Verano funcionó de 1870 hasta 1940.', 'es')).toEqual([['1870 hasta 1940', '1870/1940', 'duration']]);
    expect(figures('Он правил с 1321 по 1324 год.', 'ru')).toEqual([['1321 по 1324', '1321/1324', 'duration']]);
    expect(figures('κυβέρνησε από το 1321 έως 1323.', 'el')).toEqual([['1321 έως 1323', '1321/1323', 'duration']]);
    expect(figures('Războiul a durat între 1756 și 1763.', 'ro')).toEqual([['1756 și 1763', '1756/1763', 'duration']]);
    expect(figures('Jochi (1185–1226) was his son.', 'en')).toEqual([['1185–1226', '1185/1226', 'duration']]);
    // Two years that are no period: a list, and figures that are counts.
    expect(figures('It grew in 1990 and 1991.', 'en')).toEqual([]);
    expect(figures('Die Zahl stieg von 1200 auf 1300 Einwohner.', 'de').map(([, key]) => key)).toEqual(['1200', '1300']);
    // The years stay dates of their own.
    expect(dateKeys('from 1870 to 1939', 'en')).toEqual(['1870', '1939']);
  });

  it('read a speed as one span of its own class, never the length before its slash ("180 km/h" is no "180 km")', () => {
    expect(figures('Augustine reached 110 mph (180 km/h) before landfall.', 'en')).toEqual([['110 mph', '110', 'speed'], ['180 km/h', '180', 'speed']]);
    expect(figures('Der Orkan erreichte Böen von 160 km/h.', 'de')).toEqual([['160 km/h', '160', 'speed']]);
    expect(figures('Vinden blåste 30 m/s, og bilen kjørte i 100 km/t.', 'no')).toEqual([['30 m/s', '30', 'speed'], ['100 km/t', '100', 'speed']]);
    expect(figures('Скорость ветра достигала 180 км/ч.', 'ru')).toEqual([['180 км/ч', '180', 'speed']]);
    expect(figures('Швидкість вітру сягала 90 км/год.', 'uk')).toEqual([['90 км/год', '90', 'speed']]);
    expect(figures('Le navire filait à 25 nœuds.', 'fr')).toEqual([['25 nœuds', '25', 'speed']]);
    expect(figures('The storm moved at 80 miles per hour.', 'en')).toEqual([['80 miles per hour', '80', 'speed']]);
    expect(figures('El tren circula a 300 kilómetros por hora.', 'es')).toEqual([['300 kilómetros por hora', '300', 'speed']]);
    expect(figures('台风中心附近最大风力时速180公里。', 'zh')).toEqual([['时速180', '180', 'speed']]);
    // Lengths stay lengths.
    expect(figures('The road is 180 km long.', 'en')).toEqual([['180 km', '180', 'length']]);
  });

  it('read lengths abbreviated in Cyrillic, Greek, Vietnamese, Arabic, Hindi and Thai as lengths, not counts', () => {
    expect(figures('Уровень моря был на 120 м (390 футов) ниже.', 'ru')).toEqual([['120 м', '120', 'length'], ['390 футов', '390', 'length']]);
    expect(figures('Трасса длиной 42 км проходит через город.', 'ru')).toEqual([['42 км', '42', 'length']]);
    expect(figures('Η γέφυρα απέχει 100 χλμ. από την πόλη.', 'el')).toEqual([['100 χλμ', '100', 'length']]);
    expect(figures('Cây cầu dài 2.290 mét.', 'vi')).toEqual([['2.290 mét', '2290', 'length']]);
    expect(figures('يبلغ طول الجسر 30 مترا.', 'ar')).toEqual([['30 مترا', '30', 'length']]);
    expect(figures('यह शहर से 100 किमी दूर है।', 'hi')).toEqual([['100 किमी', '100', 'length']]);
  });

  it('read a length in the Ukrainian genitive ("11,4 кілометра") as a length', () => {
    expect(figures('Тунель завдовжки 11,4 кілометра.', 'uk')).toEqual([['11,4 кілометра', '11.4', 'length']]);
  });

  it('read kroner written in Cyrillic as money', () => {
    expect(figures('Проєкт коштував 6,8 мільярда крон.', 'uk')).toEqual([['6,8 мільярда крон', '6800000000', 'money']]);
  });

  it('keep their unit after a scale and its link word ("421 millones de euros")', () => {
    expect(figures('El consejo aprobó un presupuesto de 421 millones de euros.', 'es')).toEqual([['421 millones de euros', '421000000', 'money']]);
    expect(figures('The fund holds 2 millions of dollars.', 'en')).toEqual([['2 millions of dollars', '2000000', 'money']]);
  });
});

describe('scale and unit words that mean another thing in another language (sentences of our own)', () => {
  it('read "mil" as a thousand in Spanish, a million in Romanian and a mile in Turkish and Swedish', () => {
    expect(figures('Orman yangını yaklaşık 12 mil karelik bir alanı kül etti.', 'tr')).toEqual([['yaklaşık 12 mil karelik', '12', 'area']]);
    expect(figures('Yeni köprü 2 mil uzunluğunda olacak ve inşaatında 40 bin işçi çalışacak.', 'tr')).toEqual([['2 mil', '2', 'length'], ['40 bin', '40000', null]]);
    expect(figures('Den nya vägen blir 3 mil lång.', 'sv')).toEqual([['3 mil', '3', 'length']]);
    expect(figures('La primera fase de las obras costará 250 mil euros.', 'es')).toEqual([['250 mil euros', '250000', 'money']]);
    expect(figures('Consiliul județean a aprobat un buget de 45 mil. lei pentru drumuri.', 'ro')).toEqual([['45 mil. lei', '45000000', 'money']]);
  });

  it('read "m" after a currency sign as a million, and as metres elsewhere', () => {
    expect(figures('The club paid £25m for the striker, who earns £30k a week.', 'en')).toEqual([
      ['£25m', '25000000', 'money'],
      ['£30k', '30000', 'money'],
    ]);
    expect(figures('The new pitch is 105m long.', 'en')).toEqual([['105m', '105', 'length']]);
  });

  it('read German "bin" as a verb, not a thousand', () => {
    expect(figures('„Ich höre auf, wenn ich 40 bin“, sagte der Torwart.', 'de')).toEqual([['40', '40', null]]);
  });

  it('read a scale of a scale and a length squared', () => {
    expect(figures('El Gobierno destinará 3 mil millones de euros a la reconstrucción.', 'es')).toEqual([['3 mil millones de euros', '3000000000', 'money']]);
    expect(figures('The wildfire has burned 8,646 square miles, an area of 22,392 km2.', 'en')).toEqual([
      ['8,646 square miles', '8646', 'area'],
      ['22,392 km2', '22392', 'area'],
    ]);
  });
});

describe('scale abbreviations (sentences of our own)', () => {
  it('read "mln", "mld", "mrd.", "тыс.", "млн", "млрд" and "tỉ" as scales, with the unit after them', () => {
    expect(figures('Il governo ha stanziato 450 mln di euro per gli ospedali.', 'it')).toEqual([['450 mln di euro', '450000000', 'money']]);
    expect(figures('Rząd przeznaczy na drogi 2 mld zł.', 'pl').map(([text, key]) => [text, key])).toEqual([['2 mld', '2000000000']]);
    expect(figures('Prosjektet er kostnadsberegnet til 2,3 mrd. kroner.', 'no')).toEqual([['2,3 mrd. kroner', '2300000000', 'money']]);
    expect(figures('На ремонт школ выделят 450 млн рублей, а на премии учителям 120 тыс. рублей.', 'ru')).toEqual([
      ['450 млн рублей', '450000000', 'money'],
      ['120 тыс. рублей', '120000', 'money'],
    ]);
    expect(figures('Dự án cải tạo kênh được đầu tư 3 tỉ đồng.', 'vi')).toEqual([['3 tỉ đồng', '3000000000', 'money']]);
  });

  it('read the scale words of Dutch, Polish, Danish and Finnish, and German "Tsd."', () => {
    expect(figures('Het kabinet trekt 450 miljoen euro uit voor nieuwe scholen.', 'nl')).toEqual([['450 miljoen euro', '450000000', 'money']]);
    expect(figures('Na remonty dróg rząd przeznaczy 2 miliardy złotych.', 'pl').map(([, key]) => key)).toEqual(['2000000000']);
    expect(figures('Til koncerten kom 30 tusind tilskuere.', 'da').map(([, key]) => key)).toEqual(['30000']);
    expect(figures('Uusi silta maksaa 450 miljoonaa euroa.', 'fi').map(([, key]) => key)).toEqual(['450000000']);
    expect(figures('Rund 30 Tsd. Besucher kamen zum Stadtfest.', 'de').map(([text, key]) => [text, key])).toEqual([['Rund 30 Tsd', '30000']]);
  });

  it('keep the unit after a link word: Romanian "de", French "d\'"', () => {
    expect(figures('Primăria a cheltuit 40 de milioane de lei pe asfaltarea drumurilor.', 'ro')).toEqual([['40 de milioane de lei', '40000000', 'money']]);
    expect(figures("L'État versera 2 millions d'euros aux communes sinistrées.", 'fr')).toEqual([["2 millions d'euros", '2000000', 'money']]);
  });

  it('index a figure under its scaled value', () => {
    expect(valueKeysOf('Il governo ha stanziato 450 mln di euro per gli ospedali.', 'it')).toContain('n:450000000');
  });
});

describe('percentages written in words or with the sign in front (sentences of our own)', () => {
  it('read "prosent", "Prozent", "por ciento", "процентов", "відсотка", "la sută" and "phần trăm" after the figure as percent', () => {
    expect(figures('Arbeidsledigheten blant unge steg til 18 prosent i fjor.', 'no')).toEqual([['18 prosent', '18', 'percent']]);
    expect(figures('Die Jugendarbeitslosigkeit stieg im März auf 18 Prozent.', 'de')).toEqual([['18 Prozent', '18', 'percent']]);
    expect(figures('El desempleo juvenil subió al 18 por ciento en marzo.', 'es')).toEqual([['18 por ciento', '18', 'percent']]);
    expect(figures('Безработица среди молодёжи выросла до 18 процентов.', 'ru')).toEqual([['до 18 процентов', '18', 'percent']]);
    expect(figures('Інфляція в березні сповільнилася до 1,5 відсотка.', 'uk')).toEqual([['до 1,5 відсотка', '1.5', 'percent']]);
    expect(figures('Inflația anuală a scăzut în martie la 7 la sută.', 'ro')).toEqual([['7 la sută', '7', 'percent']]);
    expect(figures('Tỷ lệ thất nghiệp của thanh niên tăng lên 18 phần trăm.', 'vi')).toEqual([['18 phần trăm', '18', 'percent']]);
  });

  it('read Turkish "yüzde 18" and "%18" as 18 percent, with the qualifier before them', () => {
    expect(figures("Genç işsizliği mart ayında yüzde 18'e yükseldi.", 'tr')).toEqual([['yüzde 18', '18', 'percent']]);
    expect(figures('Yıllık enflasyon %18 olarak açıklandı, faiz ise yaklaşık yüzde 45 seviyesinde kaldı.', 'tr')).toEqual([
      ['%18', '18', 'percent'],
      ['yaklaşık yüzde 45', '45', 'percent'],
    ]);
  });

  it('keep a currency sign after the qualifier ("about $5 million"), and give a sign after a figure to that figure only', () => {
    expect(figures('The new bridge cost about $5 million.', 'en')).toEqual([['about $5 million', '5000000', 'money']]);
    expect(figures('Turnout fell to 61 % 18 months after the vote.', 'en')).toEqual([['61 %', '61', 'percent'], ['18 months', '18', 'duration']]);
  });
});

describe('approximations kept with their figure (sentences of our own)', () => {
  const cases: Array<[string, string, [string, string, string | null]]> = [
    ['es', 'Las llamas arrasaron aproximadamente 300 hectáreas de pinar.', ['aproximadamente 300 hectáreas', '300', 'area']],
    ['ro', 'Lucrările de reabilitare au costat aproximativ 40 de milioane de lei.', ['aproximativ 40 de milioane de lei', '40000000', 'money']],
    ['no', 'Nærmere 4000 tilskuere så kampen fra tribunen.', ['Nærmere 4000', '4000', null]],
    ['no', 'Bortimot 300 frivillige hjalp til under festivalen.', ['Bortimot 300', '300', null]],
    ['no', 'Den nye brua blir omtrent 800 meter lang.', ['omtrent 800 meter', '800', 'length']],
    ['no', 'Kommunen bruker i overkant av 200 millioner kroner på skolebygg.', ['i overkant av 200 millioner kroner', '200000000', 'money']],
    ['sv', 'Ungefär 70 länder har skrivit under avtalet.', ['Ungefär 70', '70', null]],
    ['de', 'Nahezu 300 Menschen mussten ihre Häuser verlassen.', ['Nahezu 300', '300', null]],
    ['fr', "Jusqu'à 300 personnes ont été évacuées dans la nuit.", ["Jusqu'à 300", '300', null]],
    ['en', 'An estimated 300 homes were flooded overnight.', ['An estimated 300', '300', null]],
    ['ru', 'Приблизительно 300 жителей были эвакуированы ночью.', ['Приблизительно 300', '300', null]],
    ['uk', 'Орієнтовно 300 мешканців евакуювали вночі.', ['Орієнтовно 300', '300', null]],
    ['tr', 'Selde tahminen 300 ev zarar gördü.', ['tahminen 300', '300', null]],
    ['vi', 'Trận lũ khiến tới 500 hộ dân phải sơ tán.', ['tới 500', '500', null]],
    ['el', 'Γύρω στους 300 κατοίκους απομακρύνθηκαν από τα σπίτια τους.', ['Γύρω στους 300', '300', null]],
  ];
  it.each(cases)('%s: %s', (language, sentence, figure) => {
    expect(figures(sentence, language)).toContainEqual(figure);
  });

  it('keep the qualifier Turkish writes after the figure, with its case ending', () => {
    expect(figures("Sel nedeniyle 1.000'den fazla kişi evlerini terk etti, 300 civarında ev yandı.", 'tr')).toEqual([
      ["1.000'den fazla", '1000', null],
      ['300 civarında', '300', null],
    ]);
    expect(figures("Kira artışı yüzde 25'e kadar sınırlandı.", 'tr')).toEqual([["yüzde 25'e kadar", '25', 'percent']]);
    expect(figures("Açılış törenine 500'ü aşkın kişi katıldı.", 'tr')).toEqual([["500'ü aşkın", '500', null]]);
  });
});

describe('fractions (sentences of our own)', () => {
  it('are no count: "nearly three-quarters" is not 3', () => {
    expect(figures("Nearly three-quarters of the town's 4,000 residents voted for the new school.", 'en')).toEqual([['4,000', '4000', null]]);
    expect(figures('Почти три четверти из 4000 жителей города проголосовали за новую школу.', 'ru')).toEqual([['4000', '4000', null]]);
    expect(figures('Zwei Drittel der 600 Mitglieder stimmten für den Antrag.', 'de')).toEqual([['600', '600', null]]);
    expect(figures('Les deux tiers des 600 membres ont voté pour la motion.', 'fr')).toEqual([['600', '600', null]]);
    expect(figures('Tre firedeler av de 600 medlemmene stemte for forslaget.', 'no')).toEqual([['600', '600', null]]);
  });
});

describe('dates', () => {
  const cases: Case[] = [
    ['ro', 'Tesla a murit la data de 7 ianuarie 1943.', 'disagree-dev s03_ro', ['7 ianuarie 1943', '1943-01-07']],
    ['ru', 'Тесла умер 7 января 1943 года.', 'disagree-dev s03_ru', ['7 января 1943', '1943-01-07']],
    ['en', 'When these forces arrived at the fort on April 16, Contrecœur generously allowed Trent\'s small company to withdraw.', 'disagree-dev s29_en', ['April 16', '--04-16']],
    ['el', 'Όταν οι δυνάμεις αυτές έφτασαν στο φρούριο στις 16 Απριλίου, επέτρεψε γενναιόδωρα στη μικρή δύναμη του Τρεντ να αποσυρθεί.', 'disagree-dev s29_el', ['16 Απριλίου', '--04-16']],
    ['de', 'Sie wurde im April 1991 nach dem Ende der kommunistischen Kontrolle der Nachkriegszeit und der Wiedereinführung einer freien Marktwirtschaft wiederhergestellt.', 'disagree-dev s21_de', ['April 1991', '1991-04']],
    ['tr', "Bölgede daha sonra Victoria olarak bilinen bölgedeki ilk Avrupa yerleşimi, Port Phillip'te bulunan Sullivan Bay'de Vali Yardımcısı David Collins altında Ekim 1803'te kuruldu.", 'disagree-dev s12_tr', ["Ekim 1803", '1803-10']],
    ['no', 'Kinopremiere er satt til oktober 2020.', 'norquad-dev nv001', ['oktober 2020', '2020-10']],
    ['uk', "26 жовтня вдень у своїй заключній промові на церемонії підписання Конвенції Організації Об'єднаних Націй проти кіберзлочинності (Ханойської конвенції) міністр громадської безпеки Луонг Там Куанг заявив.", 'seeds 002', ['26 жовтня', '--10-26']],
    ['fr', "L'après-midi du 26 octobre, la cérémonie de signature de la Convention des Nations Unies contre la cybercriminalité (Convention de Hanoï ) s'est conclue avec succès.", 'seeds 004', ['26 octobre', '--10-26']],
    ['de', '2006 schätzte UNICEF, dass bis zu 30 % der Mädchen in den Küstengebieten von Malindi, Mombasa, Kilifi und Diani in der Prostitution beschäftigt waren.', 'disagree-dev s32_de', ['2006', '2006']],
  ];
  it.each(cases)('%s: %s (%s)', (language, sentence, _source, span) => {
    expect(found(dates, language, sentence)).toContainEqual(span);
  });

  it('take an English date in any language, and give one key to one day in every language', () => {
    const sentences: Array<[string, string]> = [
      ['en', 'Governor Duquesne sent additional French forces under Claude-Pierre Pecaudy de Contrecœur to relieve Saint-Pierre during the same period, and Contrecœur led 500 men south from Fort Venango on April 5, 1754.'],
      ['ru', 'В то же время губернатор Дюкен послал дополнительные силы под началом Клода-Пьера Пикади де Конрекура для освобождения Сен-Пьера, и 5 апреля 1754 года Конрекур привел отряд из 500 человек к югу от форта Венанго.'],
      ['el', 'Ο κυβερνήτης Ντυκέν έστειλε επιπλέον γαλλικές δυνάμεις υπό τον Κλοντ-Πιερ Πεκοντύ ντε Κοντρκέρ για να ανακουφίσει το Σαιντ-Πιερ κατά την ίδια περίοδο και ο Κοντρκέρ οδήγησε 500 άνδρες νότια του Φορτ Βενάνγκο στις 5 Απριλίου 1754.'],
    ];
    for (const [language, sentence] of sentences) expect(found(dates, language, sentence).map(([, key]) => key)).toEqual(['1754-04-05']);
    expect(found(dates, 'de', 'Der Vertrag wurde am 31 August 2009 unterzeichnet.').map(([, key]) => key)).toEqual(['2009-08-31']);
  });
});

describe('centuries and decades (sentences of our own)', () => {
  it('are dates keyed by the years they span ("19xx" for the 20th century), however each language writes them', () => {
    const cases: Array<[string, string, string]> = [
      ['en', 'Quantum mechanics grew in the 20th century.', '20th century'],
      ['de', 'Die Quantenmechanik entstand im 20. Jahrhundert.', '20. Jahrhundert'],
      ['no', 'Kvantemekanikken vokste fram i det 20. århundre.', '20. århundre'],
      ['no', 'Kvantemekanikken vokste fram på 1900-tallet.', '1900-tallet'],
      ['sv', 'Kvantmekaniken växte fram under 1900-talet.', '1900-talet'],
      ['fr', 'La mécanique quantique est née au XXe siècle.', 'XXe siècle'],
      ['es', 'La mecánica cuántica nació en el siglo XX.', 'siglo XX'],
      ['ro', 'În secolul 20, mecanica cuantică s-a dezvoltat.', 'secolul 20'],
      ['ro', 'Mecanica cuantică s-a dezvoltat în secolul al XX-lea.', 'secolul al XX-lea'],
      ['ru', 'Квантовая механика возникла в XX веке.', 'XX веке'],
      ['ru', 'Квантовая механика возникла в 20-м веке.', '20-м веке'],
      ['uk', 'Квантова механіка виникла у XX столітті.', 'XX столітті'],
      ['tr', 'Kuantum mekaniği 20. yüzyılda gelişti.', '20. yüzyılda'],
      ['el', 'Η κβαντομηχανική αναπτύχθηκε τον 20ό αιώνα.', '20ό αιώνα'],
      ['vi', 'Cơ học lượng tử phát triển vào thế kỷ 20.', 'thế kỷ 20'],
      ['id', 'Mekanika kuantum berkembang pada abad ke-20.', 'abad ke-20'],
      ['hi', 'क्वांटम यांत्रिकी 20वीं सदी में विकसित हुई।', '20वीं सदी'],
      ['zh', '量子力学在20世纪发展起来。', '20世纪'],
      ['ja', '量子力学は20世紀に発展した。', '20世紀'],
      ['ko', '양자역학은 20세기에 발전했다.', '20세기에'],
    ];
    for (const [language, text, written] of cases) expect(found(dates, language, text), text).toContainEqual([written, '19xx']);
  });

  it('are decades keyed by their open last digit ("196x"), however each language writes them', () => {
    const cases: Array<[string, string, string]> = [
      ['en', 'The band was popular in the 1960s.', '1960s'],
      ['en', "The band was popular in the 1960's.", "1960's"],
      ['de', 'Die Band war in den 1960er Jahren beliebt.', '1960er'],
      ['no', 'Bandet var populært på 1960-tallet.', '1960-tallet'],
      ['da', "Bandet var populært i 1960'erne.", "1960'erne"],
      ['fr', 'Le groupe était populaire dans les années 1960.', 'années 1960'],
      ['es', 'El grupo fue popular en la década de 1960.', 'década de 1960'],
      ['ru', 'Группа была популярна в 1960-х годах.', '1960-х'],
      ['uk', 'Гурт був популярним у 1960-ті роки.', '1960-ті'],
      ['tr', "Grup 1960'larda popülerdi.", "1960'larda"],
      ['tr', "Grup 1960'lı yıllarda popülerdi.", "1960'lı"],
      ['el', 'Το συγκρότημα ήταν δημοφιλές τη δεκαετία του 1960.', 'δεκαετία του 1960'],
      ['vi', 'Ban nhạc nổi tiếng trong thập niên 1960.', 'thập niên 1960'],
      ['vi', 'Ban nhạc nổi tiếng từ những năm 1960.', 'những năm 1960'],
      ['id', 'Band itu populer pada tahun 1960-an.', '1960-an'],
      ['hi', 'यह बैंड 1960 के दशक में लोकप्रिय था।', '1960 के दशक'],
      ['zh', '这支乐队在20世纪60年代很受欢迎。', '20世纪60年代'],
      ['ja', 'そのバンドは1960年代に人気があった。', '1960年代'],
      ['ko', '그 밴드는 1960년대에 인기가 있었다.', '1960년대에'],
    ];
    for (const [language, text, written] of cases) expect(found(dates, language, text), text).toContainEqual([written, '196x']);
  });

  it('leave counts of centuries and years counts, and a year followed by a word a year', () => {
    expect(found(dates, 'en', 'The empire lasted 20 centuries.')).toEqual([]);
    expect(found(dates, 'ru', 'Это случилось 2 века назад.')).toEqual([]);
    expect(found(dates, 'de', 'Das war vor 20 Jahrhunderten.')).toEqual([]);
    expect(found(dates, 'en', 'In 1960 an earthquake hit the city.')).toEqual([['1960', '1960']]);
    expect(found(dates, 'da', 'I 1960 er der mange biler.')).toEqual([['1960', '1960']]);
    // A century's number is no count of its own.
    expect(figures('Quantum mechanics grew in the 20th century.', 'en')).toEqual([]);
  });
});

describe('years before 1500 (sentences of our own)', () => {
  const years = dateKeys;

  it('are years where the sentence says so, in every language', () => {
    const cases: Array<[string, string, string]> = [
      ['en', 'The abbey was founded in 1066 and rebuilt after a fire.', '1066'],
      ['en', 'King Harold died on 14 October 1066.', '1066-10-14'],
      ['ru', 'В 1242 году на Чудском озере произошло Ледовое побоище.', '1242'],
      ['uk', 'У 1240 році місто було зруйноване.', '1240'],
      ['tr', "Malazgirt Meydan Muharebesi 1071'de yapıldı.", '1071'],
      ['el', 'Η Κωνσταντινούπολη έπεσε το 1453.', '1453'],
      ['vi', 'Năm 1288, quân Trần đánh bại quân Nguyên trên sông Bạch Đằng.', '1288'],
      ['de', 'Im Jahr 1356 erließ der Kaiser die Goldene Bulle.', '1356'],
    ];
    for (const [language, sentence, key] of cases) {
      expect({ sentence, years: years(sentence, language), figures: figures(sentence, language) }).toEqual({ sentence, years: [key], figures: [] });
    }
    expect(valueKeysOf('The abbey was founded in 1066 and rebuilt after a fire.', 'en')).not.toContain('n:1066');
  });

  it('leave counts of the same size counts', () => {
    expect(figures('Floods damaged roads in 1200 villages last spring.', 'en')).toEqual([['1200', '1200', null]]);
    expect(years('Floods damaged roads in 1200 villages last spring.', 'en')).toEqual([]);
    const no = 'Svartedauden kom til Bergen i 1349, og over 1200 gårder ble lagt øde.';
    expect(years(no, 'no')).toEqual(['1349']);
    expect(figures(no, 'no')).toEqual([['over 1200', '1200', null]]);
    expect(figures('The museum owns 1450 paintings.', 'en')).toEqual([['1450', '1450', null]]);
  });

  it('are years as a span of years ("(1185–1226)", "de 1321 a 1323") and after any preposition of time, where no counted thing follows', () => {
    expect(years('Dio a luz a un hijo, Temüge (1168-1255), años después.', 'es')).toEqual(['1168', '1255']);
    expect(years('Kongen regjerte fra 1319 til 1343, og døde i Bergen.', 'no')).toEqual(['1319', '1343']);
    expect(years('El reino tuvo dificultades después de 1279.', 'es')).toEqual(['1279']);
    expect(years('Между 1200-1300 деревень было разрушено.', 'ru')).toEqual([]);
    expect(figures('El puente costó de 1250 euros a 1300 euros.', 'es').map(([, key]) => key)).toEqual(['1250', '1300']);
  });

  it('are years of the Buddhist era where Thai says so ("พ.ศ. 2501", "ปี 2547"), whole dates with the era between month and year', () => {
    expect(years('นักร้องคนนี้เกิดเมื่อวันที่ 8 ธันวาคม พ.ศ. 2501 ที่กรุงเทพ', 'th')).toEqual(['2501-12-08']);
    expect(years('สวนสนุกก่อตั้งขึ้นในปี 2547 โดยเอกชน', 'th')).toEqual(['2547']);
    expect(years('นักเขียนเกิดเมื่อ 10 มีนาคม ค.ศ. 1924 ที่ฮ่องกง', 'th')).toEqual(['1924-03-10']);
    expect(years('บริษัทมีพนักงาน 2501 คน', 'th')).toEqual([]);
  });
});

describe('names', () => {
  it('are runs of capitalised words keyed by their last two, whatever title stands in front', () => {
    const sentence = 'The first European settlement in the area later known as Victoria was established in October 1803 under Lieutenant-Governor David Collins at Sullivan Bay on Port Phillip.';
    expect(found(personSpans, 'en', sentence)).toEqual([
      ['Governor David Collins', 'david collins'],
      ['Sullivan Bay', 'sullivan bay'],
      ['Port Phillip', 'port phillip'],
    ]);
    // norquad-dev nv001: two people named in one sentence stay two names (og joins organisations, not people).
    const credits = 'Regissørene Even Sigstad og Filip Christensen i Field Productions har fått 1,5 millioner kroner i produksjonstilskudd.';
    expect(found(personSpans, 'no', credits).map(([, key]) => key)).toEqual(['even sigstad', 'filip christensen', 'field productions']);
  });

  it('keep particles inside a name and take acronyms alone as names of one word', () => {
    const en = 'Governor Duquesne sent additional French forces under Claude-Pierre Pecaudy de Contrecœur to relieve Saint-Pierre during the same period.';
    expect(found(personSpans, 'en', en).map(([, key]) => key)).toContain('pecaudy contrecœur');
    const de = 'Heute ist die Warschauer Börse (WSE) laut vielen Indikatoren der größte Markt in der Region.';
    expect(found(anyNames, 'de', de)).toEqual(expect.arrayContaining([['Warschauer Börse', 'warschauer börse'], ['WSE', 'wse']]));
    // A capitalised function word opening the sentence is no name ("Heute", "Der").
    expect(found(anyNames, 'de', de).map(([text]) => text)).not.toContain('Heute');
  });

  it('read Vietnamese names of three syllables, keyed by the last two', () => {
    const vi = 'Theo sự sắp xếp trước đây của cha mình, Thiết Mộc Chân kết hôn với Bột Nhi Thiếp của bộ lạc Hoằng Cát Lạt khi ông khoảng 16 tuổi.';
    expect(found(personSpans, 'vi', vi)).toEqual([
      ['Thiết Mộc Chân', 'mộc chân'],
      ['Bột Nhi Thiếp', 'nhi thiếp'],
      ['Hoằng Cát Lạt', 'cát lạt'],
    ]);
  });
});

describe('names with particles in Latin, Cyrillic and Greek script (sentences of our own)', () => {
  it('keep "фон дер", "де", "ντε", "ντα" and "von der" inside a person\'s name', () => {
    const ru = 'Вчера председатель Еврокомиссии Урсула фон дер Ляйен встретилась в Париже с внуком Шарля де Голля.';
    expect(found(personSpans, 'ru', ru).map(([, key]) => key)).toEqual(['урсула ляйен', 'шарля голля']);
    const uk = 'У Брюсселі Урсула фон дер Ляєн зустрілася з онуком Шарля де Голля.';
    expect(found(personSpans, 'uk', uk).map(([, key]) => key)).toEqual(['урсула ляєн', 'шарля голля']);
    const el = 'Η Ούρσουλα φον ντερ Λάιεν επισκέφθηκε χθες την έκθεση για τον Λεονάρντο ντα Βίντσι και τον Σαρλ ντε Γκωλ.';
    expect(found(personSpans, 'el', el)).toEqual([
      ['Ούρσουλα φον ντερ Λάιεν', 'ούρσουλα λάιεν'],
      ['Λεονάρντο ντα Βίντσι', 'λεονάρντο βίντσι'],
      ['Σαρλ ντε Γκωλ', 'σαρλ γκωλ'],
    ]);
    const en = 'The new wing of the hospital was opened by Ursula von der Leyen.';
    expect(found(personSpans, 'en', en)).toContainEqual(['Ursula von der Leyen', 'ursula leyen']);
  });

  it('join only people\'s particles in a run: German "und der" between nouns joins no name', () => {
    const de = 'Der Plan verbindet die Förderung der Forschung und der Digitalisierung.';
    expect(found(anyNames, 'de', de).map(([text]) => text)).toEqual(['Plan', 'Förderung der Forschung', 'Digitalisierung']);
  });

  it('keep hyphenated Cyrillic and Greek names whole ("Жан-Ив Ле Дриан", "Нью-Йорк")', () => {
    const ru = 'Вчера в Нью-Йорк прилетел министр иностранных дел Франции Жан-Ив Ле Дриан.';
    expect(found(anyNames, 'ru', ru)).toEqual([
      ['Нью-Йорк', 'нью йорк'],
      ['Франции Жан-Ив Ле Дриан', 'ле дриан'],
    ]);
    const el = 'Ο Ζαν-Ιβ Λε Ντριάν συναντήθηκε χθες με τον δήμαρχο.';
    expect(found(personSpans, 'el', el)).toEqual([['Ζαν-Ιβ Λε Ντριάν', 'λε ντριάν']]);
  });

  it('keep the article inside a Greek organisation\'s name', () => {
    const el = 'Η Τράπεζα της Ελλάδος αύξησε χθες τα επιτόκια.';
    expect(found(anyNames, 'el', el)).toContainEqual(['Τράπεζα της Ελλάδος', 'τράπεζα ελλάδος']);
  });
});

describe('value keys for the index', () => {
  it('are distinctive figures, full dates and names, the same across languages', () => {
    const en = valueKeysOf('Governor Duquesne sent additional French forces under Claude-Pierre Pecaudy de Contrecœur to relieve Saint-Pierre during the same period, and Contrecœur led 500 men south from Fort Venango on April 5, 1754.', 'en');
    const ru = valueKeysOf('В то же время губернатор Дюкен послал дополнительные силы под началом Клода-Пьера Пикади де Конрекура для освобождения Сен-Пьера, и 5 апреля 1754 года Конрекур привел отряд из 500 человек к югу от форта Венанго.', 'ru');
    expect(en).toEqual(expect.arrayContaining(['n:500', 'd:1754-04-05', 'p:pecaudy contrecœur']));
    expect(ru).toEqual(expect.arrayContaining(['n:500', 'd:1754-04-05']));
  });

  it('leave out small numbers, years alone and months without a day', () => {
    // disagree-dev s20_de and norquad-dev nv002, nv004: "seven years", ages 15 to 25, and years recur by chance across unrelated articles.
    // (German capitalises its nouns: two in a row read as an organisation's name, indexed as the organisation kind looks it up.)
    expect(valueKeysOf('„Sieben Jahre“ beziehen sich auf Ereignisse in Europa, von der offiziellen Kriegserklärung im Jahr 1756 bis zur Unterzeichnung des Friedensvertrags im Jahr 1763.', 'de').filter((k) => !k.startsWith('o:'))).toEqual([]);
    expect(valueKeysOf('Målgruppen er ungdom og unge i alderen 15 – 25 år.', 'no')).toEqual([]);
    expect(valueKeysOf('Karlsen har vært sportslig leder i Start i snart to år, etter å ha kommet til klubben sommeren 2017.', 'no')).toEqual([]);
    // norquad-dev nv006: a count above any day of the month is.
    expect(valueKeysOf('De tekniske ekspertene er gitt 60 dager til å gjennomføre evalueringen.', 'no')).toEqual(['n:60']);
    // norquad-dev nv013: figures with a scale are distinctive.
    expect(valueKeysOf('Stavanger og Kristiansand har fått nye konserthus med en samlet prislapp på tre milliarder kroner.', 'no').filter((k) => k.startsWith('n:'))).toEqual(['n:3000000000']);
  });
});

describe('digits of every script (sentences of our own)', () => {
  it('read Arabic, Persian, Devanagari and Thai digits as the figures they write, keyed in ASCII digits', () => {
    expect(figures('بلغ عدد السكان ١٢٣٬٤٥٦ نسمة، وارتفعت البطالة إلى ٣٫٥٪.', 'ar')).toEqual([['١٢٣٬٤٥٦', '123456', null], ['٣٫٥٪', '3.5', 'percent']]);
    expect(figures('جمعیت این شهر ۱۲۳ هزار نفر است.', 'fa').map(([, key]) => key)).toEqual(['123000']);
    expect(figures('शहर की जनसंख्या १२३४ है।', 'hi').map(([, key]) => key)).toEqual(['1234']);
    expect(figures('มีนักเรียน ๒๕ คน', 'th').map(([, key]) => key)).toEqual(['25']);
    expect(figures('परियोजना की लागत 5 करोड़ रुपये है और 2 लाख लोग लाभान्वित होंगे।', 'hi').map(([, key]) => key)).toEqual(['50000000', '200000']);
    expect(figures('بلغت التكلفة ٣ مليارات دولار.', 'ar').map(([, key]) => key)).toEqual(['3000000000']);
  });

  it('read a year in Arabic digits as the year', () => {
    expect(dateKeys('افتتح الجسر عام ١٩٩٥.', 'ar')).toEqual(['1995']);
  });
});

describe('dates a review found missed (sentences of our own)', () => {
  it('read a day before "de" and its month as a date, and Turkish years with the dative and genitive endings', () => {
    expect(dateKeys('El alcalde llegó el 28 de mayo con su equipo.', 'es')).toEqual(['--05-28']);
    expect(dateKeys("Kral 1321'den 1323'e kadar hüküm sürdü.", 'tr')).toEqual(['1321', '1323']);
    expect(dateKeys("Sarayın 1453'ün ardından yapıldığı biliniyor.", 'tr')).toEqual(['1453']);
  });
});

