import { describe, expect, it } from 'vitest';
import { f1Range, formatDelta, formatF1, mostMoved, plotPoints, plotSvg, summaryLines, type ImageRefinement, type RefinementProgress } from './progress';

const layer = { changes: 0, undone: 0, pixelsFlipped: 0, pixelsUndone: 0, pixelsKept: 0 };

const image = (fileName: string, pixelsChanged: number): ImageRefinement => ({
  imageId: fileName, fileName, version: 1, defectPixelsInitial: 10, defectPixelsNow: 10 + pixelsChanged, pixelsChanged,
  experts: layer, f1Initial: 0.5, f1Now: 0.6, changedAgreeing: pixelsChanged, f1Series: [0.5, 0.6],
});

const progress = (overrides: Partial<RefinementProgress> = {}): RefinementProgress => ({
  projectId: 'p', datasetId: 'd', images: 48, imagesChanged: 3, pixelsChanged: 1234,
  experts: { changes: 5, undone: 1, pixelsFlipped: 1300, pixelsUndone: 66, pixelsKept: 1234 },
  model: null, modelNote: 'none yet (the model does not write refined masks yet)',
  truth: { imagesWithTruth: 48, initial: { f1: 0.41, precision: 0.5, recall: 0.4 }, now: { f1: 0.5234, precision: 0.6, recall: 0.5 }, changedAgreeing: 1200, changedDisagreeing: 34, series: [] },
  truthNote: null, perImage: [], ...overrides,
});

describe('the refinement panel', () => {
  it('says how far the labels moved, that the model has no layer yet, and the F1 change', () => {
    expect(summaryLines(progress())).toEqual([
      '3 of 48 images changed; 1,234 pixels now differ from the initial labels.',
      'Experts: 5 mask change(s), 1 undone; 1,300 pixel flips, 66 flipped back.',
      "Model's refined masks: none yet (the model does not write refined masks yet).",
      'Changed pixels against the truth: 1,200 now agree, 34 do not.',
      'Pixel F1 against the truth: 0.410 initially → 0.523 now (+0.113).',
    ]);
  });

  it('gives the reason instead of a score when there is no truth', () => {
    const lines = summaryLines(progress({ truth: null, truthNote: 'No F1 against the truth: true masks are known only in an evaluation.' }));
    expect(lines[3]).toBe('No F1 against the truth: true masks are known only in an evaluation.');
    expect(lines).toHaveLength(4);
  });

  it('formats undefined scores as a dash and shows no change below half a thousandth', () => {
    expect(formatF1(null)).toBe('–');
    expect(formatF1(0.91234)).toBe('0.912');
    expect(formatDelta(0.5, 0.4)).toBe('−0.100');
    expect(formatDelta(0.5, 0.50004)).toBe('+0.00004');
    expect(formatDelta(0.5, 0.5)).toBe('');
    expect(formatDelta(null, 0.5)).toBe('');
  });

  it('plots F1 against the step and skips undefined points', () => {
    const box = { width: 120, height: 120, left: 10, right: 10, top: 10, bottom: 10 };
    expect(plotPoints([{ step: 0, f1: 0 }, { step: 1, f1: null }, { step: 2, f1: 1 }, { step: 4, f1: 0.5 }], box, [0, 1])).toBe('10.0,110.0 60.0,10.0 110.0,60.0');
    expect(plotPoints([], box)).toBe('');
  });

  it('zooms the axis to the values but never below a span of 0.05, inside 0..1', () => {
    expect(f1Range([null])).toEqual([0, 1]);
    const [low, high] = f1Range([0.2329, 0.233]);
    expect(high - low).toBeCloseTo(0.05, 9);
    expect((low + high) / 2).toBeCloseTo(0.23295, 9);
    // The demo's first session: F1 0.23295 → 0.23299 (the axis once jumped to 0.95..1 on a rounding error).
    const [demoLow, demoHigh] = f1Range([0.23295178311710185, 0.23298991148595702]);
    expect(demoLow).toBeLessThan(0.23295);
    expect(demoHigh).toBeGreaterThan(0.233);
    expect(demoHigh - demoLow).toBeCloseTo(0.05, 9);
    const [topLow, topHigh] = f1Range([0.99, 1]);
    expect([topLow, topHigh]).toEqual([expect.closeTo(0.95, 9), 1]);
    const [bottomLow, bottomHigh] = f1Range([0, 0.01]);
    expect([bottomLow, bottomHigh]).toEqual([0, expect.closeTo(0.05, 9)]);
    const [wideLow, wideHigh] = f1Range([0.2, 0.6]);
    expect([wideLow, wideHigh].map((v) => Number(v.toFixed(6)))).toEqual([0.16, 0.64]);
  });

  it('marks the start of each new session and labels the latest value', () => {
    const svg = plotSvg([
      { step: 0, at: '', kind: 'initial', newSession: false, f1: 0.4 },
      { step: 1, at: '', kind: 'answer', newSession: false, f1: 0.45 },
      { step: 2, at: '', kind: 'answer', newSession: true, f1: 0.5 },
    ]);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg).toContain('>0.500</text>');
    expect(svg).toContain('answers: 2');
  });

  it('lists the most changed images first and leaves unchanged ones out', () => {
    expect(mostMoved([image('a', 5), image('b', 0), image('c', 50), image('d', 5)], 2).map((i) => i.fileName)).toEqual(['c', 'a']);
  });
});
