import fs from 'node:fs';
import path from 'node:path';
import { makeWorkspace } from './test/support/workspace.js';
import { openResearchService } from './src/app/service.js';
const dir = 'test/fixtures/council/corpus';
const seeds = Object.fromEntries(fs.readdirSync(dir).filter((n) => !n.includes('_en')).map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
const ws = makeWorkspace({ seeds, model: 'concepts', lexicon: 'test/fixtures/council/lexicon.txt' });
const service = await openResearchService(ws.config, { buildIfMissing: true });
console.log(service.info());
for (const q of process.argv.slice(2)) {
  const a = await service.ask(q); console.log(q, '\n  ', a.mode, a.status, a.answerLine ?? a.abstention?.reason, a.confidence.toFixed(2), '\n  ', a.quotes.map(x=>x.source.language+': '+x.text.slice(0,90)).join('\n   '));
}
await service.close(); ws.cleanup();
