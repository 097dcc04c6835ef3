/**
 * The answer line's rules (issues 20 and 21), each shown on a small corpus of our own as a reader
 * sees the answer: the line states a value of the kind and measure asked for, about what the
 * question names, with support and disagreements from statements of the same fact only.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '../../src/answer/default-stages.js';
import { DEFAULT_TUNING } from '../../src/answer/tuning.js';
import type { LineScorer } from '../../src/answer/pipeline.js';
import { candidateFeatures, LINE_FEATURES, lineProbability, type LineEvidence, type LineModel } from '../../src/answer/stages/line-confidence.js';
import type { Mention } from '../../src/answer/stages/values.js';
import shipped from '../../src/answer/line-model.json' with { type: 'json' };
import { quantity } from '../../src/corpus/kinds/quantity.js';
import { BRIDGE_CORPUS, corpusOf, councilFiles } from './fixtures.js';

const article = (title: string, lines: string[], name: string) => [title, ...lines, `Source: https://example.org/${name}`].join('\n');
/** An article about something else, so that no word is in every article. */
const SCHOOL = { 'school_no.txt': article('Ny skole i Molde', ['Kommunen åpnet en ny barneskole i Molde sentrum på mandag.', 'Elevene fikk omvisning av rektor før den første skoledagen begynte.'], 'school') };

const SHIPS = {
  'viking_no.txt': article('Viking Sky fikk motorstans ved Hustadvika', ['Cruiseskipet Viking Sky holdt på å grunnstøte ved Hustadvika lørdag ettermiddag, med 1 373 personer om bord.', 'Redningsmannskaper hentet passasjerer med helikopter gjennom natten.'], 'viking'),
  'harbour_no.txt': article('Nytt cruiseskip la til kai i Ålesund', ['Et nytt cruiseskip på 100 meter med mange personer om bord la til kai i Ålesund mandag.', 'Havnesjefen var fornøyd med det nye anløpet og ventet flere skip til sommeren.'], 'harbour'),
  ...SCHOOL,
};

const TUNNEL = {
  'tunnel_no.txt': article('Haldbergtunnelen er åpnet for trafikk', ['Haldbergtunnelen er 11,4 km lang og ble bygget av 420 arbeidere på fem år.', 'Veivesenet regner med at trafikken gjennom tunnelen vil øke i årene som kommer.'], 'tunnel-no'),
  'tunnel_en.txt': article('The Haldberg tunnel has opened to traffic', ['The Haldberg tunnel is 11,4 km long, and 420 workers built it over five years.', "It is the longest of the region's tunnels, and the first new road in kilometres of mountains."], 'tunnel-en'),
  ...SCHOOL,
};

describe('a figure measures what the question asks for', async () => {
  const ships = await corpusOf(SHIPS);
  const tunnel = await corpusOf(TUNNEL);

  it('counts persons, never metres', async () => {
    const answer = await ships.engine.ask('Hvor mange personer var om bord?');
    expect(answer.answerLine).toBe('1 373 — stated by 1 of 3 articles');
    expect(answer.values.map((v) => v.value)).not.toContain('100 meter');
  });

  it('answers "how many kilometres" with the length, not with a count', async () => {
    const answer = await tunnel.engine.ask('How many kilometres long is the Haldberg tunnel?');
    expect(answer.values.map((v) => v.value)).toEqual(['11,4 km']);
    expect(answer.values[0]!.articleIds.sort()).toEqual(['tunnel_en.txt', 'tunnel_no.txt']);
  });

  it('answers "wie hoch" about a budget in euros (money is no height)', async () => {
    const council = await corpusOf(councilFiles());
    const answer = await council.engine.ask('Wie hoch ist der Haushalt?');
    expect(answer.values.map((v) => v.value)).toEqual(expect.arrayContaining(['412 Millionen Euro']));
  });
});

const STORM = {
  'storm_de.txt': article('Orkan traf die Nordseeküste', ['Die Winde des Orkans erreichten 160 km/h und beschädigten Dächer auf 30 km Küste.', 'Die Feuerwehr rückte in der Nacht zu vielen Einsätzen aus.'], 'storm'),
  ...SCHOOL,
};

const HURRICANE = {
  'hurricane_en.txt': article('Hurricane weakens before landfall', ["The hurricane's winds weakened to 90 mph (145 km/h) before they reached the town.", 'Shelters stayed open through the night.'], 'hurricane'),
  ...SCHOOL,
};

const HISTORY = {
  'physics_ro.txt': article('Istoria fizicii moderne', ['În secolul 20, dezvoltarea mecanicii cuantice a schimbat fizica, iar la conferința din 1927 au participat 29 de fizicieni.', 'Teoria a fost confirmată de multe experimente ulterioare.'], 'physics'),
  'music_ru.txt': article('Композитор сериала', ['Симпсон писал музыку для многих приключений 1960-х годов, а его первая работа вышла в 1964 году.', 'Позже он сыграл эпизодическую роль дирижёра.'], 'music'),
  ...SCHOOL,
};

describe('a speed, a century and a decade answer the questions that ask for them', async () => {
  const storm = await corpusOf(STORM);
  const history = await corpusOf(HISTORY);

  it('answers "how fast" with the speed, never with the length before its slash', async () => {
    const answer = await storm.engine.ask('Wie schnell waren die Winde des Orkans?');
    expect(answer.values.map((v) => v.value)).toEqual(['160 km/h']);
  });

  it('answers with the speed the text states, not its conversion in brackets', async () => {
    const hurricane = await corpusOf(HURRICANE);
    const answer = await hurricane.engine.ask("How fast were the hurricane's winds when they reached the town?");
    expect(answer.values.map((v) => v.value)).toEqual(['90 mph']);
  });

  it('answers "which century" with the century, not with a year or a count in the same sentence', async () => {
    const answer = await history.engine.ask('În ce secol s-a dezvoltat mecanica cuantică?');
    expect(answer.values.map((v) => v.value)).toEqual([expect.stringMatching(/20$/u)]);
  });

  it('counts a decade written in two languages as one value stated by both articles', async () => {
    const decade = await corpusOf({
      'tesla_ru.txt': article('Тесла и наука', ['Тесла умер в 1943 году.', 'С 1990-х годов к Тесле возродился общественный интерес.'], 'tesla-ru'),
      'tesla_vi.txt': article('Tesla và khoa học', ['Tesla qua đời năm 1943.', 'Công chúng đã quan tâm Tesla trở lại từ những năm 1990.'], 'tesla-vi'),
      ...SCHOOL,
    });
    const answer = await decade.engine.ask('Когда к Тесле возродился общественный интерес?');
    expect(answer.values.map((v) => [v.value, [...v.articleIds].sort()])).toEqual([['1990-х', ['tesla_ru.txt', 'tesla_vi.txt']]]);
  });

  it('answers "which decades" with the decade, not with a year in the same sentence', async () => {
    const answer = await history.engine.ask('В какие десятилетия Симпсон писал музыку для приключений?');
    expect(answer.values.map((v) => v.value)).toEqual(['1960-х']);
  });
});

describe('a question that asks by how much lower or higher', async () => {
  const sea = await corpusOf({
    'sea_ru.txt': article('Ледниковый период в Европе', ['Ледники покрывали Скандинавию и север Германии.', 'В последнюю холодную фазу, около 25 000 лет назад, уровень Северного моря был на 120 м ниже, чем сегодня.'], 'sea'),
    ...SCHOOL,
  });

  it('is answered with the difference of level, never with a span of time', async () => {
    const answer = await sea.engine.ask('Насколько ниже был уровень Северного моря в последнюю холодную фазу?');
    expect(answer.values.map((v) => v.value)).toEqual(['120 м']);
  });
});

describe('the name a question asks about is not its answer', async () => {
  const ships = await corpusOf(SHIPS);

  it('answers where Viking Sky nearly ran aground with the place, never with the ship', async () => {
    const answer = await ships.engine.ask('Hvor holdt Viking Sky på å grunnstøte?');
    expect(answer.values.map((v) => v.value)).toEqual(['Hustadvika']);
    expect(answer.answerLine).not.toMatch(/Viking Sky/);
  });
});

/** Six articles of one template about six bridges. */
const BRIDGES: Array<[string, number]> = [['Storsundbrua', 1991], ['Nordsundbrua', 1978], ['Vestsundbrua', 1965], ['Austsundbrua', 2003], ['Langsundbrua', 1984], ['Kortsundbrua', 1972]];

describe('statements about the subject the question names', async () => {
  const bridges = await corpusOf(Object.fromEntries(BRIDGES.map(([name, year]) => [`${name}.txt`, article(`${name} feirer jubileum`, [`${name} ble åpnet for trafikk i ${year} etter fire års arbeid.`], name)])));
  const arenas = await corpusOf({
    'spektrum.txt': article('Oslo Spektrum', ['Oslo Spektrum ble åpnet i 1990 og har plass til 10 000 tilskuere.'], 'spektrum'),
    'grieghallen.txt': article('Grieghallen', ['Grieghallen i Bergen ble åpnet i 1978 og har plass til 1 500 tilskuere.'], 'grieghallen'),
  });

  it('answers each bridge with its own year, with no disagreement among six bridges', async () => {
    for (const [name, year] of BRIDGES) {
      const answer = await bridges.engine.ask(`Når ble ${name} åpnet?`);
      expect(answer.answerLine, name).toBe(`${year} — stated by 1 of 6 articles`);
      expect(answer.values[0]!.articleIds).toEqual([`${name}.txt`]);
    }
  });

  it('answers each arena with its own figure', async () => {
    expect((await arenas.engine.ask('Hvor mange tilskuere har Grieghallen plass til?')).answerLine).toBe('1 500 — stated by 1 of 2 articles');
    expect((await arenas.engine.ask('Hvor mange tilskuere har Oslo Spektrum plass til?')).answerLine).toBe('10 000 — stated by 1 of 2 articles');
  });

  it('reads capitalised German nouns as nouns, not names: a German question still finds the disagreement across languages', async () => {
    const bridge = await corpusOf(BRIDGE_CORPUS);
    const answer = await bridge.engine.ask('Wie lang ist die Brücke?');
    expect(answer.values.map((v) => [v.value, v.articleIds.sort()])).toEqual([
      ['850 Meter', ['bridge_de.txt']],
      ['820 metres', ['bridge_en.txt', 'bridge_es.txt']],
    ]);
  });
});

/**
 * A ferry reported in Norwegian and English with a planted conflict (600 against 650 passengers),
 * and a false friend in Swedish: an arena in the same town with room for 650 spectators.
 */
const FERRY = {
  'ferry_no.txt': article('Ny ferje mellom Halsa og Kanestraum', ['Den nye ferja Fjordlys ble satt i trafikk mellom Halsa og Kanestraum på mandag.', 'Ferja har plass til 600 passasjerer og 120 biler, og går på batteri.', 'Rederiet venter at overfarten blir mer punktlig enn før.'], 'ferry-no'),
  'ferry_en.txt': article('New ferry between Halsa and Kanestraum', ['The new ferry Fjordlys entered service between Halsa and Kanestraum on Monday.', 'The ferry has room for 650 passengers and 120 cars, and runs on batteries.', 'The operator expects the crossing to become more punctual than before.'], 'ferry-en'),
  'arena_sv.txt': article('Ny arena invigd i Kanestraum', ['Den nya arenan i Kanestraum invigdes på lördagen med en konsert.', 'Arenan har plats för 650 åskådare och byggdes på två år.', 'Kommunen hoppas att arenan ska locka fler besökare till orten.'], 'arena-sv'),
  ...SCHOOL,
};

describe('disagreement and support from statements of the same fact only', async () => {
  const ferry = await corpusOf(FERRY);
  const valuesOf = async (question: string) => (await ferry.engine.ask(question)).values.map((v) => [v.value, v.articleIds.sort()]);

  it('shows the planted conflict, asked in either language, without the arena', async () => {
    expect(await valuesOf('Hvor mange passasjerer har ferja plass til?')).toEqual([
      ['600', ['ferry_no.txt']],
      ['650', ['ferry_en.txt']],
    ]);
    expect(await valuesOf('How many passengers does the ferry have room for?')).toEqual([
      ['650', ['ferry_en.txt']],
      ['600', ['ferry_no.txt']],
    ]);
  });

  it('does not count the arena that mentions the same figure as support', async () => {
    const answer = await ferry.engine.ask('How many passengers does the ferry have room for?');
    expect(answer.answerLine).toBe('The articles disagree: 650 (1 of 4 articles) · 600 (1 of 4 articles)');
  });

  it('does not set the arena\'s 650 against the cars both reports agree on', async () => {
    const answer = await ferry.engine.ask('How many cars does the ferry carry?');
    expect(answer.answerLine).toBe('120 — stated by 2 of 4 articles');
  });
});

/**
 * An agreement signed by 46 municipalities by the Norwegian report and by "nästan 50" by the Swedish
 * one (a planted conflict), which both say enters into force once 35 have approved it (another fact),
 * and an English report of the meeting with 46 journalists (a false friend).
 */
const PACT = {
  'pact_no.txt': article('Nordkalottavtalen signert i Tromsø', ['Til sammen 46 kommuner signerte Nordkalottavtalen i Tromsø på fredag.', 'Avtalen trer i kraft når 35 kommuner har godkjent den i kommunestyret.', 'Ordføreren i Tromsø kalte dagen historisk.'], 'pact-no'),
  'pact_sv.txt': article('Nordkalottavtalet undertecknat i Tromsø', ['Nästan 50 kommuner undertecknade Nordkalottavtalet i Tromsø i fredags.', 'Avtalet träder i kraft när 35 kommuner har godkänt det i fullmäktige.', 'Borgmästaren i Tromsø kallade dagen historisk.'], 'pact-sv'),
  'pact_en.txt': article('Municipalities meet in Tromsø', ['Delegates from the region met in Tromsø on Friday to discuss the Nordkalott agreement.', 'The meeting was followed by 46 journalists from five countries, twice as many as last year.', 'The mayor of Tromsø called the day historic.'], 'pact-en'),
  ...SCHOOL,
};

describe('a period of years answers how long', () => {
  it('shows two reports\' periods that differ in a year as a disagreement, each with its own article', async () => {
    const theatre = {
      'theatre_en.txt': article('The Summer Theatre', ['Nearby, in Ogród Saski, the Summer Theatre was in operation from 1870 to 1939.', 'In the inter-war period the theatre complex also included Momus, the first literary cabaret of Leon Schiller.'], 'theatre-en'),
      'theatre_es.txt': article('El Teatro de Verano', ['Muy cerca, en Ogród Saski, el Teatro de Verano estuvo en funcionamiento desde 1870 hasta 1940.', 'En el período de entreguerras el complejo del teatro incluyó también Momus, el primer cabaret literario de Leon Schiller.'], 'theatre-es'),
      ...SCHOOL,
    };
    const answer = await (await corpusOf(theatre)).engine.ask('How long was the Summer Theatre in operation?');
    expect(answer.values.map((v) => [v.value, v.articleIds])).toEqual([
      ['1870 to 1939', ['theatre_en.txt']],
      ['1870 hasta 1940', ['theatre_es.txt']],
    ]);
    // Decades apart, the other period is another fact (a rebuilt theatre), not a report that errs by a year.
    const rebuilt = { ...theatre, 'theatre_es.txt': theatre['theatre_es.txt'].replace('desde 1870 hasta 1940', 'desde 1945 hasta 1990') };
    expect((await (await corpusOf(rebuilt)).engine.ask('How long was the Summer Theatre in operation?')).values.map((v) => v.value)).toEqual(['1870 to 1939']);
  });

  it('states the period a year opens when asked when, and shows a report that ends it a year later', async () => {
    // One report in three languages with no other figure: the period's years are all its versions share.
    const reign = {
      'ilsa_en.txt': article('Queen Ilsa of Norland', ['Queen Ilsa of Norland, the daughter and heir of King Arvid, ruled for only two years, from 1611 to 1613.', 'She continued her father\'s reform of the courts with the help of her chancellor Baiju Tarm.'], 'ilsa-en'),
      'ilsa_tr.txt': article('Norland Kraliçesi Ilsa', ["Norland Kraliçesi Ilsa, Kral Arvid'in kızı ve varisi, 1611'den 1613'e sadece iki yıl hüküm sürdü.", 'Şansölyesi Baiju Tarm ile babasının mahkeme reformunu sürdürdü.'], 'ilsa-tr'),
      'ilsa_de.txt': article('Königin Ilsa von Norland', ['Königin Ilsa von Norland, Tochter und Erbin von König Arvid, regierte nur zwei Jahre, von 1611 bis 1614.', 'Mit ihrem Kanzler Baiju Tarm setzte sie die Gerichtsreform ihres Vaters fort.'], 'ilsa-de'),
      ...SCHOOL,
    };
    const answer = await (await corpusOf(reign)).engine.ask('When did Queen Ilsa of Norland rule?');
    expect(answer.values.map((v) => [v.value, v.articleIds.sort()])).toEqual([
      ['1611 to 1613', ['ilsa_en.txt', 'ilsa_tr.txt']],
      ['1611 bis 1614', ['ilsa_de.txt']],
    ]);
  });
});

describe('a conflict between statements of one fact in two languages, beside another fact and a false friend', async () => {
  const pact = await corpusOf(PACT);

  it('shows the signatures\' conflict, asked in either language, each value with its own article only', async () => {
    const norwegian = await pact.engine.ask('Hvor mange kommuner signerte Nordkalottavtalen?');
    expect(norwegian.answerLine).toBe('The articles disagree: 46 (1 of 4 articles) · Nästan 50 (1 of 4 articles)');
    expect(norwegian.values.map((v) => v.articleIds)).toEqual([['pact_no.txt'], ['pact_sv.txt']]);
    const swedish = await pact.engine.ask('Hur många kommuner undertecknade Nordkalottavtalet?');
    expect(swedish.values.map((v) => [v.value, v.articleIds])).toEqual([
      ['Nästan 50', ['pact_sv.txt']],
      ['46', ['pact_no.txt']],
    ]);
  });

  it('answers the approvals alone, stated by both reports, without the signatures', async () => {
    const answer = await pact.engine.ask('Hvor mange kommuner må godkjenne avtalen før den trer i kraft?');
    expect(answer.answerLine).toBe('35 — stated by 2 of 4 articles');
  });
});

describe('the line scorer gates the line', () => {
  it('answers with the quotes alone, and no line, when no candidate reaches the scorer\'s threshold', async () => {
    const seen: LineEvidence[] = [];
    const unsure: LineScorer = {
      name: 'unsure',
      threshold: 1,
      score(evidence) {
        seen.push(evidence);
        return 0.5;
      },
    };
    const tunnel = await corpusOf(TUNNEL, undefined, { ...DEFAULT_STAGES, lineScorer: unsure });
    const answer = await tunnel.engine.ask('How many workers built the Haldberg tunnel?');
    expect(seen.length).toBe(1);
    expect(answer.status).toBe('evidence');
    expect(answer.answerLine).toBeNull();
    expect(answer.values).toEqual([]);
    expect(answer.quotes[0]!.text).toMatch(/420 (workers|arbeidere)/);
    // The same corpus with the shipped scorer states the line.
    expect((await (await corpusOf(TUNNEL)).engine.ask('How many workers built the Haldberg tunnel?')).answerLine).toBe('420 — stated by 2 of 3 articles');
  });
});

describe('the shipped line scorer', () => {
  /** The evidence the engine gives its line scorer for a question. */
  async function evidenceFor(files: Record<string, string>, question: string): Promise<LineEvidence> {
    let recorded: LineEvidence | null = null;
    const recorder: LineScorer = {
      name: 'recorder',
      threshold: 0,
      score(evidence) {
        recorded = evidence;
        return 1;
      },
    };
    await (await corpusOf(files, undefined, { ...DEFAULT_STAGES, lineScorer: recorder })).engine.ask(question);
    return recorded!;
  }

  it('is surer of the value beside the counted word in the best sentence than of one far from it in a weaker sentence', async () => {
    const evidence = await evidenceFor(
      {
        'tunnel.txt': article('The Haldberg tunnel has opened', ['The Haldberg tunnel was built by 420 workers over five years.', 'In 2019, 35 of the engineers who planned the tunnel met the workers at the site to celebrate.'], 'tunnel'),
        ...SCHOOL,
      },
      'How many workers built the Haldberg tunnel?',
    );
    const best = evidence.mentions[0]!;
    expect(best.written).toBe('420');
    // The other figure, as a candidate of its own: in the weaker sentence, with the counted word far from it.
    const weaker = evidence.sentences.find((s) => s.text.startsWith('In 2019'))!;
    const span = quantity.spans({ text: weaker.text, tokens: weaker.tokens, language: 'en' }).find((x) => x.key === '35')!;
    const relative = weaker.scores.total! / evidence.sentences[0]!.scores.total!;
    const far: Mention = { span, written: '35', sentence: weaker, closeness: 0.3, lexical: 0.3, relative, score: 0.3 * relative * 0.9 + 0.1 };
    const both = { ...evidence, mentions: [best, far] };
    const model = shipped as LineModel;
    for (const mention of both.mentions) {
      const features = candidateFeatures(both, mention);
      for (const name of LINE_FEATURES) {
        expect(features[name], `${mention.written}: ${name}`).toBeGreaterThanOrEqual(0);
        expect(features[name], `${mention.written}: ${name}`).toBeLessThanOrEqual(1);
      }
    }
    expect(candidateFeatures(both, best).focusBeside).toBe(1);
    expect(candidateFeatures(both, far).focusBeside).toBe(0);
    expect(lineProbability(model, candidateFeatures(both, best))).toBeGreaterThan(lineProbability(model, candidateFeatures(both, far)));
    expect(lineProbability(model, candidateFeatures(both, best))).toBeGreaterThanOrEqual(model.threshold);
  });
});

describe('another name of what is asked about is not the answer', () => {
  it('never weighs the name in brackets right after the question\'s own words (a Chinese article\'s Latin-script alias)', async () => {
    const weighed: string[] = [];
    const recorder: LineScorer = { name: 'recorder', threshold: 0, score: (_, m) => (weighed.push(m.written), 0.5) };
    const files = {
      'giffen_zh.txt': article('海军将领', ['罗伯特·吉芬（Robert Giffen）曾在Norfolk的海军工厂工作。', '他后来指挥了一支舰队。'], 'giffen'),
      ...SCHOOL,
    };
    await (await corpusOf(files, undefined, { ...DEFAULT_STAGES, lineScorer: recorder })).engine.ask('罗伯特·吉芬在哪里工作？');
    expect(weighed).toContain('Norfolk');
    expect(weighed).not.toContain('Robert Giffen');
  });
});

describe('the line scorer\'s features', () => {
  it('tell a sentence that holds the question\'s rarest word (its subject) from one that holds only its common words', async () => {
    let evidence: LineEvidence | null = null;
    const recorder: LineScorer = { name: 'recorder', threshold: 0, score: (e) => ((evidence = e), 0.5) };
    const files = {
      'eu_de.txt': article('Die Geschichte der Union', ['Grönland unterzeichnete 1985 einen Vertrag, der dem Land einen Sonderstatus einräumt.', 'Die Institutionen wurden durch den Vertrag von Rom 1957 und den Vertrag von Maastricht 1992 geschaffen.'], 'eu'),
      'trade_de.txt': article('Handel', ['Norwegen unterzeichnete 1994 einen Vertrag über den Handel mit Fisch.'], 'trade'),
      'ports_de.txt': article('Häfen', ['Die Städte unterzeichneten einen Vertrag über ihre Häfen.'], 'ports'),
      ...SCHOOL,
    };
    await (await corpusOf(files, undefined, { ...DEFAULT_STAGES, lineScorer: recorder })).engine.ask('Wann wurde der Vertrag von Maastricht unterzeichnet?');
    const byValue = new Map(evidence!.mentions.map((m) => [m.written, candidateFeatures(evidence!, m).rarestInSentence]));
    expect(byValue.get('1992')).toBe(1);
    expect(byValue.get('1985')).toBe(0);
  });
});

describe('the line scorer picks the line\'s value', () => {
  const constant = (name: string, threshold: number, p: (m: Mention) => number): LineScorer => ({ name, threshold, score: (_, mention) => p(mention) });
  const WORKERS = {
    'tunnel.txt': article('The Haldberg tunnel has opened', ['The Haldberg tunnel was built by 420 workers over five years.', 'In 2019, 35 workers who built the Haldberg tunnel were honoured by the county.'], 'tunnel'),
    ...SCHOOL,
  };

  it('states the candidate its scorer finds likeliest, not the stages\' own first, at the scorer\'s confidence', async () => {
    const prefers35 = constant('prefers-35', 0.5, (m) => (m.written === '35' ? 0.9 : 0.2));
    const answer = await (await corpusOf(WORKERS, undefined, { ...DEFAULT_STAGES, lineScorer: prefers35 })).engine.ask('How many workers built the Haldberg tunnel?');
    expect(answer.values.map((v) => v.value)).toEqual(['35']);
    expect(answer.lineConfidence).toBeCloseTo(0.9);
    const prefers420 = constant('prefers-420', 0.5, (m) => (m.written === '420' ? 0.9 : 0.2));
    expect((await (await corpusOf(WORKERS, undefined, { ...DEFAULT_STAGES, lineScorer: prefers420 })).engine.ask('How many workers built the Haldberg tunnel?')).values.map((v) => v.value)).toEqual(['420']);
  });

  it('never weighs a figure the question itself states', async () => {
    const weighed: string[] = [];
    const recorder = constant('recorder', 0, (m) => (weighed.push(m.written), 0.5));
    const cities = {
      'cities.txt': article('The world\'s largest cities', ['All 202 cities that had more than 2.5 million inhabitants in 2017 are counted in the report.', 'The report is published every second year.'], 'cities'),
      ...SCHOOL,
    };
    const answer = await (await corpusOf(cities, undefined, { ...DEFAULT_STAGES, lineScorer: recorder })).engine.ask('How many cities had more than 2.5 million inhabitants in 2017?');
    expect(weighed).toContain('202');
    expect(weighed.some((w) => w.includes('2.5'))).toBe(false);
    expect(answer.values[0]!.value).toBe('202');
  });

  it('is surer of a fact more reports of its story state, whichever value each gives', async () => {
    const half = constant('half', 0.7, () => 0.5);
    const agree = await (await corpusOf(TUNNEL, undefined, { ...DEFAULT_STAGES, lineScorer: half })).engine.ask('How many workers built the Haldberg tunnel?');
    expect(agree.answerLine).toBe('420 — stated by 2 of 3 articles');
    expect(agree.lineConfidence).toBeCloseTo(0.75);
    const changed = { ...TUNNEL, 'tunnel_en.txt': TUNNEL['tunnel_en.txt'].replace('420 workers', '380 workers') };
    const disagree = await (await corpusOf(changed, undefined, { ...DEFAULT_STAGES, lineScorer: constant('half', 0, () => 0.5) })).engine.ask('How many workers built the Haldberg tunnel?');
    expect(disagree.values.map((v) => v.value).sort()).toEqual(['380', '420']);
    // The English report tells the same story (its figures and names recur) with another count: it states the fact too.
    expect(disagree.lineConfidence).toBeCloseTo(0.75);
  });

  it('quotes the part of a long best sentence around the value it weighed, when it states no line', async () => {
    const filler = 'through the mountain, under two rivers, past the old mines of the valley, across the fault the geologists had warned about for years, beside the railway that the county had closed in the nineteen-sixties, and through the granite that broke three drills in the first winter';
    const long = { 'tunnel.txt': article('The Haldberg tunnel has opened', [`The Haldberg tunnel workers dug ${filler}, and in the end 420 of them finished the work.`], 'tunnel'), ...SCHOOL };
    const unsure = constant('unsure', 1, (m) => (m.written === '420' ? 0.4 : 0.1));
    const answer = await (await corpusOf(long, undefined, { ...DEFAULT_STAGES, lineScorer: unsure })).engine.ask('How many workers built the Haldberg tunnel?');
    expect(answer.answerLine).toBeNull();
    expect(answer.quotes[0]!.text).toContain('420 of them');
  });

  it('answers a question that shares few words with its answer only when the scorer is sure of a value, and abstains otherwise', async () => {
    const paraphrase = 'How many labourers did the Haldberg project employ?';
    const sure = await (await corpusOf(WORKERS, undefined, { ...DEFAULT_STAGES, lineScorer: constant('sure', 0.5, (m) => (m.written === '420' ? 0.9 : 0.1)) })).engine.ask(paraphrase);
    expect(sure.confidence).toBeLessThan(DEFAULT_TUNING.minConfidence);
    expect(sure.status).toBe('answered');
    expect(sure.answerLine).toBe('420 — stated by 1 of 2 articles');
    expect(sure.quotes[0]!.text).toContain('420 workers');
    const unsure = await (await corpusOf(WORKERS, undefined, { ...DEFAULT_STAGES, lineScorer: constant('unsure', 0.5, () => 0.3) })).engine.ask(paraphrase);
    expect(unsure.status).toBe('abstained');
    expect(unsure.quotes).toEqual([]);
    expect(unsure.lineConfidence).toBe(0);
  });

  it('quotes each competing value\'s statement when it states no line', async () => {
    const reports = {
      'tunnel_no.txt': article('Haldbergtunnelen er åpnet', ['Haldbergtunnelen ble bygget av 420 arbeidere.', 'Tunnelen er den lengste i regionen og kostet mye.', 'Arbeiderne fra tunnelen fikk en pris av fylket.'], 'tunnel-no'),
      'tunnel_en.txt': article('The Haldberg tunnel has opened', ['The Haldberg tunnel was built by 380 workers.', 'The tunnel is the longest in the region and cost a lot.', 'The workers of the tunnel were given a prize by the county.'], 'tunnel-en'),
      ...SCHOOL,
    };
    const answer = await (await corpusOf(reports, undefined, { ...DEFAULT_STAGES, lineScorer: constant('unsure', 1, (m) => (m.written === '420' ? 0.4 : 0.1)) })).engine.ask('How many workers built the Haldberg tunnel?');
    expect(answer.answerLine).toBeNull();
    const quoted = answer.quotes.map((q) => q.text).join(' | ');
    expect(quoted).toContain('420 arbeidere');
    expect(quoted).toContain('380 workers');
  });

  it('quotes the best evidence first when it states no line, then the statement of the value it weighed', async () => {
    const unsure = constant('unsure', 1, (m) => (m.written === '35' ? 0.4 : 0.1));
    const answer = await (await corpusOf(WORKERS, undefined, { ...DEFAULT_STAGES, lineScorer: unsure })).engine.ask('How many workers built the Haldberg tunnel?');
    expect(answer.answerLine).toBeNull();
    expect(answer.quotes.map((q) => q.text.slice(0, 24))).toEqual(['The Haldberg tunnel was ', 'In 2019, 35 workers who ']);
  });
});
