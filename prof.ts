import { seedCorpus } from './test/answer/fixtures.js';
const c = await seedCorpus();
const qs = ['Hvor mange land signerte konvensjonen?', 'Combien de pays et territoires ont participé ?', 'Wie viele Forschungseinrichtungen nahmen teil?', 'Hur många länder hade undertecknat konventionen?', 'Wer ist der Sprecher des Ministeriums für öffentliche Sicherheit?', 'Скільки країн підписали конвенцію?'];
for (let r = 0; r < 3; r++) for (const q of qs) await c.engine.ask(q);
const times: number[] = [];
for (let r = 0; r < 10; r++) for (const q of qs) { const a = await c.engine.ask(q); times.push(a.timings.totalMs); }
times.sort((a, b) => a - b);
console.log('p50', times[Math.floor(times.length * 0.5)]!.toFixed(1), 'p95', times[Math.floor(times.length * 0.95)]!.toFixed(1));
