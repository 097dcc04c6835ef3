/**
 * Measurement 2: `ask` in process, warm, over many distinct questions (so the service's
 * query-vector cache never answers), with the stages Answer.timings reports; and the peak RSS
 * of serving, in a child process that did nothing else.
 */
import { openResearchService } from '../app/service.js';
import type { AppConfig } from '../config.js';
import { peakRssMb } from './memory.js';
import { percentiles, round, timed, type Percentiles } from './stats.js';

export interface AnsweringParams {
  config: AppConfig;
  questions: string[];
}

export interface AnsweringResult {
  questions: number;
  mode: string;
  openMs: number;
  embed: Percentiles;
  search: Percentiles;
  evidence: Percentiles;
  total: Percentiles;
  /** Wall time around `ask`, as a caller sees it. */
  wall: Percentiles;
  peakRssMb: number;
}

const WARMUP = 10;

export async function answeringTask({ config, questions }: AnsweringParams): Promise<AnsweringResult> {
  const opened = await timed(() => openResearchService(config));
  const service = opened.result;
  try {
    // Warm-up questions are variants of their own, never asked again below.
    for (const q of questions.slice(0, WARMUP)) await service.ask(`${q} (warm-up)`);
    const answers = [];
    const wall: number[] = [];
    for (const q of questions) {
      const { ms, result } = await timed(() => service.ask(q));
      answers.push(result.timings);
      wall.push(ms);
    }
    return {
      questions: questions.length,
      mode: service.info().mode,
      openMs: round(opened.ms),
      embed: percentiles(answers.map((t) => t.embedMs)),
      search: percentiles(answers.map((t) => t.searchMs)),
      evidence: percentiles(answers.map((t) => t.evidenceMs)),
      total: percentiles(answers.map((t) => t.totalMs)),
      wall: percentiles(wall),
      peakRssMb: round(peakRssMb(), 1),
    };
  } finally {
    await service.close();
  }
}
