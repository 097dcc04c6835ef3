/**
 * The command line with a PostgreSQL server it cannot reach (issue 22, item 3): one line saying
 * so, naming the server as DATABASE_URL without its password (in the userinfo, holding '@', or
 * in the query), exit code 1. No server is needed: nothing listens on the port.
 */
import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, buildIfStale, runCli } from '../support/cli-process.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const PASSWORDS = ['p@ss@hunter2', 'query-hunter3'];

/** A port nothing listens on (just freed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let workspace: Workspace;
beforeAll(buildIfStale, BUILD_TIMEOUT_MS);
afterEach(() => workspace?.cleanup());

describe('the command line with an unreachable database', () => {
  for (const command of [['index'], ['ask', 'Hvor mange land signerte konvensjonen?']]) {
    it(`${command[0]} says so in one line, with the server but not its password, and exits 1`, async () => {
      workspace = makeWorkspace();
      const port = await closedPort();
      const env = { ...workspace.env, DATABASE_URL: `postgres://newsdesk:${PASSWORDS[0]}@127.0.0.1:${port}/newsdesk_db?password=${PASSWORDS[1]}&sslmode=disable` };
      const { code, stdout, stderr } = runCli(command, env);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^Error: The database is unreachable\\. \\(PostgreSQL at postgres://newsdesk@127\\.0\\.0\\.1:${port}/newsdesk_db: .*ECONNREFUSED.*\\) Try again in a moment`)),
      ]);
      for (const password of PASSWORDS) expect(stderr).not.toContain(password);
      expect(stderr).not.toContain('hunter');
    });
  }
});
