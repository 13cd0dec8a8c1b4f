import { describe, expect, it } from 'vitest';
import { describeEntry, describeInitial, reduceTimeline, shownEntry, type HistoryEntry, type InitialLabels } from './timeline';

const entry = (version: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry => ({
  version,
  event: version === 1 ? 'MaskInitialised' : 'CentrePixelsRefined',
  recordedAt: `2026-11-30T12:0${version}:00Z`,
  station: 'station-2',
  user: 'ann',
  sessionId: null,
  queryId: version === 1 ? null : '1a2b3c4d-0000-0000-0000-000000000000',
  modelVersion: version === 1 ? null : 'p-r001',
  pixelsChanged: version,
  summary: '',
  revertedBy: null,
  ...overrides,
});

describe('the auditor timeline', () => {
  it('opens at the newest version and steps within the history', () => {
    let timeline = reduceTimeline({ entries: [], version: 0 }, { type: 'loaded', entries: [entry(3), entry(1), entry(2)] });
    expect(timeline.version).toBe(3);
    timeline = reduceTimeline(timeline, { type: 'step', by: 1 });
    expect(timeline.version).toBe(3);
    timeline = reduceTimeline(timeline, { type: 'go', version: -5 });
    expect(timeline.version).toBe(1);
    expect(shownEntry(timeline)?.event).toBe('MaskInitialised');
    expect(reduceTimeline(timeline, { type: 'step', by: 1 }).version).toBe(2);
  });

  it('keeps an auditor on the older version they chose when the same history loads again, and follows the newest otherwise', () => {
    let timeline = reduceTimeline({ entries: [], version: 0 }, { type: 'loaded', entries: [entry(1), entry(2)] });
    timeline = reduceTimeline(timeline, { type: 'go', version: 1 });
    const grown = [entry(1), entry(2), entry(3)];
    expect(reduceTimeline(timeline, { type: 'loaded', entries: grown, refresh: true }).version).toBe(1);
    expect(reduceTimeline(timeline, { type: 'loaded', entries: grown }).version).toBe(3);
    const atNewest = reduceTimeline(timeline, { type: 'go', version: 2 });
    expect(reduceTimeline(atNewest, { type: 'loaded', entries: grown, refresh: true }).version).toBe(3);
  });

  it('says who changed what and why', () => {
    expect(describeEntry(entry(2, { revertedBy: 3 }))).toBe('v2 — CentrePixelsRefined by ann at station-2, 2 px, query 1a2b3c4d…, model p-r001 (undone by v3)');
    expect(describeEntry(entry(1))).toBe('v1 — MaskInitialised by ann at station-2, 1 px');
  });

  it('names the model and its training round as the author of a refined mask', () => {
    const proposal = entry(4, {
      event: 'RefinedMaskProposed', station: 'model', user: 'model p-r002', queryId: null, modelVersion: 'p-r002', pixelsChanged: 310,
      data: { imageId: 'i', projectId: 'p', modelVersion: 'p-r002', round: 2, expertVersion: 3, runLengths: [1, 2], at: '2026-11-30T12:04:00Z' },
    });
    expect(describeEntry(proposal)).toBe("v4 — refined mask by model p-r002 (training round 2), 310 defect px; the expert's labels unchanged");
  });

  it('says what the first labels are and whether a simulator made them', () => {
    const first = (data: InitialLabels) => entry(1, { data });
    const simulated = first({
      kind: 'Roi',
      boxes: [{}, {}],
      origin: { source: 'simulation:expert-roi', simulated: true, file: 'roi/steel-0000.xml', parameters: { seed: '42', imageSeed: '7' } },
    });
    expect(describeInitial(simulated)).toBe('Initial labels: 2 boxes (simulated: expert-ROI synthesiser, seed 42, image seed 7; roi/steel-0000.xml)');
    expect(describeEntry(simulated)).toBe(
      'v1 — Initial labels: 2 boxes (simulated: expert-ROI synthesiser, seed 42, image seed 7; roi/steel-0000.xml) by ann at station-2, 1 px',
    );
    const persons = first({ kind: 1, boxes: [], origin: { source: 'import:mask-png', simulated: false, file: 'masks/a.png', parameters: {} } });
    expect(describeInitial(persons)).toBe('Initial labels: segmentation mask from import:mask-png (masks/a.png)');
    const box = first({ kind: 'Roi', boxes: [{}], origin: { source: 'upload:boxes', simulated: false, file: null, parameters: {} } });
    expect(describeInitial(box)).toBe('Initial labels: 1 box from upload:boxes');
    expect(describeInitial(entry(2))).toBeUndefined();
  });
});
