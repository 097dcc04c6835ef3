/**
 * Sentences about nothing a news corpus is likely to ask about, in many languages and scripts:
 * the yardstick for dense relevance. A question's similarity to these is what "unrelated" looks
 * like for the loaded model (e5 puts unrelated pairs above 0.7, other models near 0), so a
 * passage counts as relevant by how far it stands above them, whatever the model and however
 * narrow the corpus (a corpus about one event cannot show what unrelated text looks like).
 */
export const REFERENCE_TEXTS: readonly string[] = [
  'Preheat the oven and bake the bread for forty minutes until the crust is golden.',
  'The cat slept on the windowsill all afternoon in the warm sun.',
  'Remember to water the tomato plants every evening during the summer.',
  'She tuned the guitar before the concert and played three songs.',
  'The hiking trail climbs through a pine forest to a small lake.',
  'Rain is expected tomorrow morning, clearing up by the afternoon.',
  'He spilled coffee on his keyboard and had to buy a new one.',
  'The museum shows paintings of ships and harbours from the eighteenth century.',
  'Den Teig eine Stunde ruhen lassen und dann dünn ausrollen.',
  'Im Herbst färben sich die Blätter der Buchen rot und gelb.',
  'Mi abuela cultiva rosas y lavanda en su jardín.',
  'El tren de la mañana llegó con diez minutos de retraso.',
  'Le chat du voisin chasse les papillons dans le jardin.',
  'Nous avons mangé une soupe de poisson au bord de la mer.',
  'Hunden sov under bordet hela kvällen.',
  'Vi gikk på ski i fjellet i påsken.',
  'Il pittore ha dipinto un paesaggio di colline e vigneti.',
  'O menino aprendeu a andar de bicicleta no parque.',
  'Кіт спав на дивані цілий день.',
  'Бабушка испекла пирог с яблоками.',
  'Η γάτα κοιμάται στον καναπέ.',
  'Kedi bütün gün güneşte uyudu.',
  'Con mèo ngủ trên ghế cả buổi chiều.',
  '小猫在窗台上晒太阳。',
  '今日は雨なので傘を持って行きます。',
  'แมวนอนหลับอยู่บนโซฟาทั้งวัน',
  'القطة نائمة على الأريكة طوال اليوم.',
  'बिल्ली पूरे दिन सोफे पर सोती रही।',
  'Kot spał na parapecie przez całe popołudnie.',
  'De kat sliep de hele middag in de zon.',
  'Pisica a dormit pe canapea toată ziua.',
  'A macska egész nap a kanapén aludt.',
];
