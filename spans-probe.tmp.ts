import fs from 'node:fs';
import path from 'node:path';
import { tokenize } from '/work/wt-cli/src/corpus/text/analyzer.js';
import { splitSentences } from '/work/wt-cli/src/corpus/index.js';
import { quantitySpans, dateSpans, personSpans, nameSpans } from '/work/wt-cli/src/corpus/text/spans.js';
const [dir, pattern] = process.argv.slice(2);
for (const name of fs.readdirSync(dir).filter((n) => n.match(new RegExp(pattern)))) {
  const lang = name.match(/_([a-z]{2})\.txt$/)?.[1] ?? 'no';
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  for (const s of text.split(/(?<=[.!?])\s+/)) {
    const tokens = tokenize(s, lang);
    const q = quantitySpans(s, tokens, lang).filter((x) => x.last > x.first || /[%€$]/.test(s.slice(x.start, x.end)));
    const d = dateSpans(s, tokens, lang).filter((x) => x.last > x.first);
    if (q.length || d.length) console.log(`${name} | ${s.trim().slice(0, 300)}\n   Q: ${q.map((x) => `${s.slice(x.start, x.end)}=${x.key}`).join(' ; ')}\n   D: ${d.map((x) => `${s.slice(x.start, x.end)}=${x.key}`).join(' ; ')}`);
  }
}
