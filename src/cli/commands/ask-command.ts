import { openResearchService } from '../../app/service.js';
import type { AppConfig } from '../../config.js';
import { UserFacingError } from '../../errors.js';
import { formatIndexReport, indexProgressReporter } from '../progress.js';
import { renderAnswerText } from '../render-answer.js';

/** `npm run ask -- "<question>"`: answers from the index, building it first if there is none. */
export async function askCommand(config: AppConfig, args: string[]): Promise<number> {
  const question = args.join(' ').trim();
  if (!question) throw new UserFacingError('No question given.', 'Usage: npm run ask -- "How many countries signed?"');
  const service = await openResearchService(config, {
    buildIfMissing: true,
    onIndexProgress: indexProgressReporter(),
    onIndexReport: (report) => console.error(formatIndexReport(report, config)),
  });
  try {
    console.log(renderAnswerText(await service.ask(question)));
  } finally {
    await service.close();
  }
  return 0;
}
