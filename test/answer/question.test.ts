import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/stages/question.js';

describe('question analysis', () => {
  it('keeps the words of a question in Chinese that a frequency stopword list drops (年, 人): the counted thing is the focus', () => {
    const people = analyzeQuestion('这座城市有多少人？', ['zh']);
    expect(people.kind?.id).toBe('quantity');
    expect(people.terms.find((t) => t.focus)?.surface).toBe('人');
    expect(analyzeQuestion('长江大桥是哪一年建成的？', ['zh']).terms.map((t) => t.surface)).toContain('年');
  });

  it('drops function words of a language written with spaces', () => {
    expect(analyzeQuestion('Wie viele Länder haben die Konvention unterzeichnet?', ['de']).terms.map((t) => t.surface)).not.toContain('die');
  });

  it('reads the kind of a question typed without its accents as with them', () => {
    for (const [accented, bare] of <Array<[string, string]>>[['Πότε ήταν ο Κουμπλάι αυτοκράτορας;', 'Ποτε ήταν ο Κουμπλάι αυτοκράτορας;'], ['¿Cuándo se firmó el tratado?', 'cuando se firmo el tratado?'], ['Hvor mange land signerte?', 'Hvor mange land signerte?'], ['Où habite-t-il ?', 'ou habite t il ?']]) {
      expect(analyzeQuestion(bare, ['el', 'es', 'no', 'fr']).kind?.id, bare).toBe(analyzeQuestion(accented, ['el', 'es', 'no', 'fr']).kind?.id);
    }
    expect(analyzeQuestion('Ποτε ήταν ο Κουμπλάι αυτοκράτορας;', ['el']).kind?.id).toBe('date');
  });

  it('keeps the vowel marks of scripts that write vowels as marks: a Thai question is not a "how many" for sharing a consonant with กี่', () => {
    expect(analyzeQuestion('ใครเป็นผู้ก่อตั้งบริษัทนี้', ['th']).kind?.id).not.toBe('quantity');
    expect(analyzeQuestion('บริษัทนี้มีพนักงานกี่คน', ['th']).kind?.id).toBe('quantity');
  });

  it('asks for a percentage, a figure, when the question asks what percentage or which year, in the languages the kinds know', () => {
    for (const [question, language] of <Array<[string, string]>>[['¿Qué porcentaje de los votos obtuvo el partido?', 'es'], ['Ce procent din voturi a primit partidul?', 'ro'], ['Какой процент голосов получила партия?', 'ru'], ['Wie viel Prozent der Stimmen bekam die Partei?', 'de']]) {
      const analyzed = analyzeQuestion(question, [language]);
      expect(analyzed.kind?.id, question).toBe('quantity');
      expect(analyzed.measures?.has('percent'), question).toBe(true);
    }
    expect(analyzeQuestion('Ποιο έτος ιδρύθηκε η εταιρεία;', ['el']).kind?.id).toBe('date');
    expect(analyzeQuestion('¿Qué año se fundó la empresa?', ['es']).kind?.id).toBe('date');
  });

  it('counts the word after "how many", never a name: "how old is X" has no counted word', () => {
    expect(analyzeQuestion('Hvor mange land signerte konvensjonen?', ['no']).terms.find((t) => t.focus)?.surface).toBe('land');
    expect(analyzeQuestion('Hvor gammel er Cenk Sahin?', ['no']).terms.some((t) => t.focus)).toBe(false);
  });

  it('reads Polish "ile" (how many) only where it opens the question: Turkish "ile" (with) is no interrogative', () => {
    expect(analyzeQuestion('Ile osób zginęło w wypadku?', ['pl']).kind?.id).toBe('quantity');
    expect(analyzeQuestion('Tesla ile Lane arasındaki ortaklık ne zaman kuruldu?', ['tr']).kind?.id).toBe('date');
  });

  it('asks for a figure when the question asks how fast', () => {
    for (const question of ['How fast were the winds?', 'Wie schnell waren die Winde?', 'Hvor fort kjørte bilen?', 'Как быстро растёт население?']) expect(analyzeQuestion(question, ['en', 'de', 'no', 'ru']).kind?.id, question).toBe('quantity');
  });

  it('asks for a speed (or a rate of growth) when the question asks how fast, in the languages the kinds know, and for a speed when it names one', () => {
    const questions: Array<[string, string]> = [
      ['How fast were the winds of the hurricane?', 'en'],
      ['Wie schnell waren die Winde des Hurrikans?', 'de'],
      ['Hvor fort blåste vinden?', 'no'],
      ['Hur snabbt gick tåget?', 'sv'],
      ['À quelle vitesse roulait le train ?', 'fr'],
      ['¿A qué velocidad viajaba el tren?', 'es'],
      ['Cu ce viteză mergea trenul?', 'ro'],
      ['С какой скоростью двигался поезд?', 'ru'],
      ['Як швидко рухався потяг?', 'uk'],
      ['Rüzgar ne kadar hızlıydı?', 'tr'],
      ['Με τι ταχύτητα κινούνταν το τρένο;', 'el'],
      ['بأي سرعة كانت تسير السيارة؟', 'ar'],
      ['列车的速度有多快？', 'zh'],
      ['Seberapa cepat angin bertiup?', 'id'],
    ];
    for (const [question, language] of questions) {
      const analyzed = analyzeQuestion(question, [language]);
      expect(analyzed.kind?.id, question).toBe('quantity');
      expect(analyzed.measures, question).toEqual(new Set(['speed', 'percent']));
    }
    // A unit the question names across a slash is a speed, not the length before the slash.
    expect(analyzeQuestion('How many km/h did the wind reach?', ['en']).measures).toEqual(new Set(['speed']));
  });

  it('asks for a figure when the question asks by how much, in every language the kinds know', () => {
    const questions: Array<[string, string]> = [
      ['Насколько ниже был уровень моря?', 'ru'],
      ['Наскільки вищою була температура?', 'uk'],
      ['Um wie viel stieg der Meeresspiegel?', 'de'],
      ['Um wieviel stieg der Meeresspiegel?', 'de'],
      ['De combien le niveau a-t-il baissé ?', 'fr'],
      ['¿En cuánto aumentó el nivel del mar?', 'es'],
      ['Cu cât a scăzut nivelul mării?', 'ro'],
      ['By how much did the sea level fall?', 'en'],
      ['Hvor mye lavere var havnivået?', 'no'],
      ['Hvor meget steg havet?', 'da'],
      ['Hur mycket lägre var havsnivån?', 'sv'],
      ['Deniz seviyesi ne kadar düştü?', 'tr'],
      ['Κατά πόσο μειώθηκε η στάθμη;', 'el'],
      ['海平面下降了多少？', 'zh'],
      ['海面はどれだけ下がったか', 'ja'],
      ['بكم انخفض مستوى البحر؟', 'ar'],
      ['Seberapa besar kenaikan permukaan laut?', 'id'],
      ['ระดับน้ำทะเลลดลงมากแค่ไหน', 'th'],
    ];
    for (const [question, language] of questions) expect(analyzeQuestion(question, [language]).kind?.id, question).toBe('quantity');
  });

  it('asks for a difference of level or size, never a span of time, when the question asks by how much higher or lower', () => {
    const questions: Array<[string, string]> = [
      ['Насколько ниже был уровень моря?', 'ru'],
      ['Наскільки вищою була вежа?', 'uk'],
      ['How much higher is the new tower?', 'en'],
      ['Um wie viel höher ist der neue Turm?', 'de'],
      ['Hvor mye lavere var havnivået?', 'no'],
      ['De combien plus haut est la nouvelle tour ?', 'fr'],
      ['Cu cât mai jos era nivelul mării?', 'ro'],
    ];
    for (const [question, language] of questions) {
      const measures = analyzeQuestion(question, [language]).measures;
      expect(measures?.has('length'), question).toBe(true);
      expect(measures?.has('duration'), question).toBe(false);
    }
    // Without a comparative the question does not say what was measured.
    expect(analyzeQuestion('By how much did the sea level fall?', ['en']).measures).toBeNull();
  });

  it('asks for a length or a time where the language tells them apart ("hvor lang" / "hvor lenge"), and for either in English', () => {
    for (const [question, language] of [['Hvor lang er tunnelen?', 'no'], ['Hur lång är tunneln?', 'sv'], ['Wie lang ist der Tunnel?', 'de'], ['Quelle longueur fait le tunnel ?', 'fr']]) {
      expect(analyzeQuestion(question!, [language!]).measures, question).toEqual(new Set(['length', 'area']));
    }
    for (const [question, language] of [['Hvor lenge varte arbeidet?', 'no'], ['Hvor lang tid tok arbeidet?', 'no'], ['Hur länge pågick arbetet?', 'sv'], ['Wie lange dauerten die Arbeiten?', 'de'], ['Combien de temps ont duré les travaux ?', 'fr']]) {
      expect(analyzeQuestion(question!, [language!]).measures, question).toEqual(new Set(['duration']));
    }
    expect(analyzeQuestion('How long was the theatre in operation?', ['en']).measures).toEqual(new Set(['length', 'duration', 'area']));
  });

  it('asks for money when the question asks what something cost, in the past tense too', () => {
    for (const [question, language] of [['Скільки коштував тунель?', 'uk'], ['Сколько стоил мост?', 'ru'], ['¿Cuánto costó el puente?', 'es'], ['Wie viel hat die Brücke gekostet?', 'de']]) {
      expect(analyzeQuestion(question!, [language!]).measures, question).toEqual(new Set(['money']));
    }
  });

  it('asks for a century or a decade, not a year, when the question asks which century or which decade', () => {
    const centuries: Array<[string, string]> = [
      ['In which century did quantum mechanics develop?', 'en'],
      ['In welchem Jahrhundert entstand die Quantenmechanik?', 'de'],
      ['I hvilket århundre utviklet kvantemekanikken seg?', 'no'],
      ['Under vilket århundrade utvecklades kvantmekaniken?', 'sv'],
      ['En quel siècle la mécanique quantique est-elle née ?', 'fr'],
      ['¿En qué siglo se desarrolló la mecánica cuántica?', 'es'],
      ['În ce secol s-a dezvoltat mecanica cuantică?', 'ro'],
      ['В каком веке возникла квантовая механика?', 'ru'],
      ['У якому столітті виникла квантова механіка?', 'uk'],
      ['Kuantum mekaniği hangi yüzyılda gelişti?', 'tr'],
      ['Σε ποιον αιώνα αναπτύχθηκε η κβαντομηχανική;', 'el'],
      ['Cơ học lượng tử phát triển vào thế kỷ nào?', 'vi'],
      ['Mekanika kuantum berkembang pada abad ke berapa?', 'id'],
      ['في أي قرن تطورت ميكانيكا الكم؟', 'ar'],
      ['क्वांटम यांत्रिकी किस सदी में विकसित हुई?', 'hi'],
      ['量子力学是在哪个世纪发展起来的？', 'zh'],
      ['量子力学は何世紀に発展しましたか', 'ja'],
      ['양자역학은 몇 세기에 발전했나요?', 'ko'],
    ];
    for (const [question, language] of centuries) {
      const analyzed = analyzeQuestion(question, [language]);
      expect(analyzed.kind?.id, question).toBe('date');
      expect(analyzed.measures, question).toEqual(new Set(['century']));
    }
    const decades: Array<[string, string]> = [
      ['In which decades was the band most popular?', 'en'],
      ['In welchem Jahrzehnt war die Band am beliebtesten?', 'de'],
      ['I hvilket tiår var bandet mest populært?', 'no'],
      ['Au cours de quelle décennie le groupe était-il populaire ?', 'fr'],
      ['¿En qué década fue popular el grupo?', 'es'],
      ['În ce deceniu a fost trupa populară?', 'ro'],
      ['В какие десятилетия группа была популярна?', 'ru'],
      ['У якому десятилітті гурт був популярним?', 'uk'],
      ['Ban nhạc nổi tiếng vào thập niên nào?', 'vi'],
      ['Σε ποια δεκαετία ήταν δημοφιλές το συγκρότημα;', 'el'],
      ['这支乐队在哪个年代最受欢迎？', 'zh'],
      ['そのバンドは何年代に人気がありましたか', 'ja'],
      ['그 밴드는 몇 년대에 인기가 있었나요?', 'ko'],
    ];
    for (const [question, language] of decades) {
      const analyzed = analyzeQuestion(question, [language]);
      expect(analyzed.kind?.id, question).toBe('date');
      expect(analyzed.measures, question).toEqual(new Set(['decade']));
    }
    // "When" asks for any date.
    expect(analyzeQuestion('When did quantum mechanics develop?', ['en']).measures).toBeNull();
  });

  it('reads Japanese "何年分" and "何年間" (how many years\' worth, how many years) as figures, and "何年" (what year) as a date', () => {
    expect(analyzeQuestion('3兆バレルは何年分ですか', ['ja']).kind?.id).toBe('quantity');
    expect(analyzeQuestion('工事は何年間続きましたか', ['ja']).kind?.id).toBe('quantity');
    expect(analyzeQuestion('橋は何年に完成しましたか', ['ja']).kind?.id).toBe('date');
  });

  it('reads Thai questions for a date ("on what day", "in what year", "when") as dates, and "how much" as a figure', () => {
    for (const question of ['นายกรัฐมนตรีเกิดวันที่เท่าไหร่', 'บริษัทก่อตั้งเมื่อใด', 'ภาพยนตร์ฉายในปีอะไร']) expect(analyzeQuestion(question, ['th']).kind?.id, question).toBe('date');
    expect(analyzeQuestion('แม่น้ำสายนี้ยาวเท่าไร', ['th']).kind?.id).toBe('quantity');
  });

  it('reads "how many" and "when" in Arabic, Persian, Hindi, Indonesian, Korean and Japanese, as whole words', () => {
    const kinds: Array<[string, string, string]> = [
      ['كم عدد سكان المدينة؟', 'ar', 'quantity'],
      ['متى افتتح الجسر؟', 'ar', 'date'],
      ['جمعیت این شهر چند نفر است؟', 'fa', 'quantity'],
      ['پل کی افتتاح شد؟', 'fa', 'date'],
      ['इस शहर की जनसंख्या कितनी है?', 'hi', 'quantity'],
      ['पुल कब खोला गया?', 'hi', 'date'],
      ['Berapa jumlah penduduk kota itu?', 'id', 'quantity'],
      ['Pada tahun berapa jembatan itu dibuka?', 'id', 'date'],
      ['이 도시의 인구는 몇 명입니까?', 'ko', 'quantity'],
      ['다리는 몇 년도에 개통되었나요?', 'ko', 'date'],
      ['その選手は何歳ですか', 'ja', 'quantity'],
    ];
    for (const [question, language, kind] of kinds) expect(analyzeQuestion(question, [language]).kind?.id, question).toBe(kind);
    // "كم" inside a word ("حكم", rule) asks nothing.
    expect(analyzeQuestion('ما هو نظام الحكم في البلاد؟', ['ar']).kind?.id).not.toBe('quantity');
  });

  it('reads "on what date" and Swedish "where is" questions, and leaves Norwegian "hva var" (what was) open', () => {
    for (const question of ['À quelle date la convention a-t-elle été signée ?', 'An welchem Tag wurde der Vertrag unterzeichnet?', '¿En qué fecha se firmó el tratado?']) expect(analyzeQuestion(question, ['fr', 'de', 'es']).kind?.id, question).toBe('date');
    expect(analyzeQuestion('Var ligger Stockholms slott?', ['sv']).kind?.id).toBe('place');
    expect(analyzeQuestion('Hva var grunnen til avgjørelsen?', ['no']).kind).toBeNull();
  });

  it('asks for a sum of money when the question asks how much money, in words of any script', () => {
    for (const [question, language] of <Array<[string, string]>>[['¿Cuánto dinero aprobó el concejo?', 'es'], ['Wie viel Geld hat die Stadt ausgegeben?', 'de'], ['Hvor mye penger fikk klubben?', 'no'], ['Сколько денег потратил город?', 'ru'], ['Скільки коштує квиток?', 'uk']]) {
      expect(analyzeQuestion(question, [language]).measures, question).toEqual(new Set(['money']));
    }
  });
});
