/** The operator's one line on how questions are answered, for each way the model can be had or not. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { describeRetrieval } from '../../src/embed/model-description.js';

const fromHub = loadConfig({ MODEL_CACHE_DIR: '/srv/cache' });
const fromFolder = loadConfig({ MODEL_DIR: '/srv/models/multilingual-e5-small' });
const lexicalOnly = loadConfig({ LEXICAL_ONLY: 'true' });
const E5 = 'Xenova/multilingual-e5-small';

describe('describeRetrieval', () => {
  it('names the model, its weights and where they load from, in hybrid mode', () => {
    expect(describeRetrieval({ mode: 'hybrid', model: E5 }, fromFolder).line).toBe(
      `hybrid search: keywords and the embedding model ${E5} (q8, from MODEL_DIR ${path.resolve('/srv/models/multilingual-e5-small')}).`,
    );
    expect(describeRetrieval({ mode: 'hybrid', model: E5 }, fromHub)).toMatchObject({
      mode: 'hybrid',
      source: `the Hugging Face Hub, downloaded on first use into ${path.resolve('/srv/cache')}`,
    });
  });

  it('says keyword-only, why, and what to do: unset LEXICAL_ONLY, rebuild a keyword-only index, or restart', () => {
    expect(describeRetrieval({ mode: 'lexical', model: null, lexicalReason: 'LEXICAL_ONLY is set.' }, lexicalOnly).line).toBe(
      'keyword search only. LEXICAL_ONLY is set; questions in a language no article is written in need the embedding model: unset it and run `npm run index`.',
    );
    const builtWithout = describeRetrieval({ mode: 'lexical', model: null, lexicalReason: 'Could not load the embedding model (fetch failed). Set MODEL_DIR.' }, fromHub);
    expect(builtWithout).toMatchObject({ mode: 'keyword-only', model: null });
    expect(builtWithout.line).toMatch(/^keyword search only\. Could not load the embedding model \(fetch failed\)\. Set MODEL_DIR\. Once the model loads, `npm run index -- --rebuild` makes the index hybrid/);
    // A hybrid index whose model failed to load at start-up still names its model: a restart is enough.
    const failedAtStart = describeRetrieval({ mode: 'lexical', model: E5, lexicalReason: 'Could not load the embedding model' }, fromFolder);
    expect(failedAtStart.line).toMatch(/^keyword search only\. Could not load the embedding model\. The index has the model's vectors: once the model loads, restart/);
  });
});
