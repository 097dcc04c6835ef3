import { describe, expect, it } from 'vitest';
import { applyTuning, mergeOverrides, parseTuningAssignments } from '../../src/evaluation/tuning-overrides.js';

const defaults = { minRelevance: 0.6, fusion: { k: 60, dense: true }, kinds: ['quantity'] };

describe('tuning overrides for an evaluation run', () => {
  it('reads key=value with dotted groups, JSON values and later values winning', () => {
    const fromFile = { minRelevance: 0.5, fusion: { k: 30 } };
    const merged = mergeOverrides(fromFile, parseTuningAssignments(['fusion.dense=false', 'minRelevance=0.45']));
    expect(applyTuning(defaults, merged)).toEqual({ minRelevance: 0.45, fusion: { k: 30, dense: false }, kinds: ['quantity'] });
  });

  it('refuses misspelt constants and values of the wrong type, naming them', () => {
    expect(() => applyTuning(defaults, { minRelevence: 0.5 })).toThrow(/unknown tuning constant "minRelevence" \(known: minRelevance, fusion, kinds\)/);
    expect(() => applyTuning(defaults, parseTuningAssignments(['fusion.k=high']))).toThrow(/"fusion.k" is a number/);
    expect(() => applyTuning(defaults, { fusion: 3 })).toThrow(/"fusion" is a group/);
    expect(() => parseTuningAssignments(['minRelevance'])).toThrow(/not key=value/);
  });
});
