/**
 * The command line: `npm run <command> -- …` (or `node bin/newsdesk.js <command> …`) runs the
 * compiled form of this file. The commands are in cli.ts.
 */
import { exitWith } from './args.js';
import { runCli } from './cli.js';

exitWith(runCli(process.argv.slice(2)));
