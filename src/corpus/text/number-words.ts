/**
 * Small numbers are usually spelled out ("vier hochrangige Sitzungen", "two days"): the words
 * for one to twelve in the languages the corpus and its readers use, by value.
 */
const WORDS: Record<string, string[]> = {
  en: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
  no: ['en|ett|ei', 'to', 'tre', 'fire', 'fem', 'seks', 'sju|syv', 'åtte', 'ni', 'ti', 'elleve', 'tolv'],
  da: ['en|et', 'to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni', 'ti', 'elleve', 'tolv'],
  sv: ['en|ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio', 'elva', 'tolv'],
  de: ['eins|ein|eine|einen', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf'],
  nl: ['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'],
  fr: ['un|une', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze'],
  es: ['uno|una', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce'],
  it: ['uno|una', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove', 'dieci', 'undici', 'dodici'],
  pt: ['um|uma', 'dois|duas', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove', 'dez', 'onze', 'doze'],
  uk: ['один|одна|одне', 'два|дві|двох', 'три|трьох', 'чотири|чотирьох', "п'ять|п’ять", 'шість', 'сім', 'вісім', "дев'ять", 'десять', 'одинадцять', 'дванадцять'],
  ru: ['один|одна|одно', 'два|две|двух', 'три|трёх|трех', 'четыре|четырёх', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять', 'одиннадцать', 'двенадцать'],
};

/** Word for one is also an article ("en", "ein", "un") almost everywhere: too ambiguous to read as 1. */
const AMBIGUOUS_VALUES = new Set([1]);

const byWord = new Map<string, Map<string, number>>();
for (const [language, words] of Object.entries(WORDS)) {
  const map = new Map<string, number>();
  words.forEach((forms, i) => {
    if (!AMBIGUOUS_VALUES.has(i + 1)) for (const form of forms.split('|')) map.set(form, i + 1);
  });
  byWord.set(language, map);
}

/** The value of a spelled-out number in the given language, or undefined. */
export function numberWordValue(word: string, language: string): number | undefined {
  return byWord.get(language)?.get(word.toLowerCase());
}
