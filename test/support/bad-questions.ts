/** Everything a busy server types: each gets an answer, an abstention or a short explanation. */
export const BAD_QUESTIONS: Array<[string, string]> = [
  ['empty', ''],
  ['whitespace only', ' \t\n  '],
  ['one character', '?'],
  ['the longest slash-command option (6,000 characters)', 'Hvor mange land signerte? '.repeat(240).slice(0, 6000)],
  ['a 20,000-character message', 'konvensjonen '.repeat(1600).slice(0, 20_000)],
  ['control characters and NUL', 'Hvor\u0000 mange\u0007 land\u001b[31m signerte?'],
  ['zero-width and right-to-left characters', '\u200bHvor\u200d mange \u202eland\u202c signerte\u2066 konvensjonen?'],
  ['emoji only', '🙂🔥🇳🇴'],
  ['Discord markdown, code blocks and spoilers', '**Hvor** mange `land` ||signerte|| ```konvensjonen```?'],
  ['@everyone, @here, user, role and channel mentions', '@everyone @here <@123456789012345678> <@&223456789012345678> <#323456789012345678> hvor mange land signerte?'],
  ['URLs', 'https://vtv.vn/ what does https://example.org say?'],
  ['Chinese', '有多少个国家签署了公约？'],
  ['Arabic', 'كم عدد الدول التي وقعت على الاتفاقية؟'],
  ['only a number', '72'],
];
