import { describe, expect, it } from 'vitest';
import { describeEntry, reduceTimeline, shownEntry, type HistoryEntry } from './timeline';

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

  it('says who changed what and why', () => {
    expect(describeEntry(entry(2, { revertedBy: 3 }))).toBe('v2 — CentrePixelsRefined by ann at station-2, 2 px, query 1a2b3c4d…, model p-r001 (undone by v3)');
    expect(describeEntry(entry(1))).toBe('v1 — MaskInitialised by ann at station-2, 1 px');
  });
});
