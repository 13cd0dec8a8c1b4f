import { describe, expect, it } from 'vitest';
import { ANCHOR, type ProjectStatus, type StationQuery } from './contracts';
import { answerOf, initialState, keyCommand, labelAfterAnswer, progressText, reduce, type LabellingState } from './state';

const query = (overrides: Partial<StationQuery> = {}): StationQuery => ({
  queryId: 'q-1',
  leaseId: 'l-1',
  projectId: 'p-1',
  session: 2,
  modelVersion: 'p-r001',
  patchSize: 32,
  granularity: 'CentrePixel',
  leaseExpiresAt: '2026-11-30T12:05:00Z',
  anchor: { index: ANCHOR, imageId: 'img-a', x: 50, y: 50, labelShown: true },
  candidates: Array.from({ length: 10 }, (_, i) => ({ index: i, imageId: 'img-b', x: 20 + i * 10, y: 40, labelShown: i % 2 === 0 })),
  ...overrides,
});

const status = (overrides: Partial<ProjectStatus> = {}): ProjectStatus => ({
  projectId: 'p-1',
  name: 'line 4',
  datasetId: 'd-1',
  phase: 'Labelling',
  paused: false,
  session: 2,
  answersThisSession: 16,
  sessionTarget: 50,
  answersTotal: 66,
  round: 1,
  modelVersion: 'p-r001',
  trainingsCompleted: 2,
  lastError: null,
  changedAt: '2026-11-30T12:00:00Z',
  ...overrides,
});

const withQuery = (q = query()): LabellingState => reduce(reduce(initialState, { type: 'status', status: status() }), { type: 'next', result: { query: q, waitReason: null } });

describe('a query on screen', () => {
  it('starts with the anchor label shown, nothing marked and the anchor selected', () => {
    const state = withQuery();
    expect(state.anchorDefect).toBe(true);
    expect(state.marked).toEqual([]);
    expect(state.selected).toBe(ANCHOR);
    expect(answerOf(state)).toEqual({ queryId: 'q-1', leaseId: 'l-1', anchorDefect: true, sameAsAnchor: [], shifts: [] });
  });

  it('toggles candidates, keeps them sorted, and shows the label each patch will get', () => {
    let state = withQuery();
    for (const index of [7, 2, 7, 4]) state = reduce(state, { type: 'toggleCandidate', index });
    expect(state.marked).toEqual([2, 4]);
    expect(state.selected).toBe(4);
    expect(labelAfterAnswer(state, 2)).toBe(true);
    expect(labelAfterAnswer(state, 3)).toBe(false);
    state = reduce(state, { type: 'toggleAnchor' });
    expect(labelAfterAnswer(state, 2)).toBe(false);
    expect(labelAfterAnswer(state, 3)).toBe(true);
    expect(answerOf(state)?.sameAsAnchor).toEqual([2, 4]);
    expect(reduce(state, { type: 'toggleCandidate', index: 10 })).toBe(state);
  });

  it('asking again for the held query keeps what the expert marked', () => {
    let state = reduce(withQuery(), { type: 'toggleCandidate', index: 3 });
    state = reduce(state, { type: 'next', result: { query: query(), waitReason: null } });
    expect(state.marked).toEqual([3]);
  });

  it('takes a defect click only inside the patch, only on a patch answered defect, only at shift granularity', () => {
    const centre = withQuery();
    expect(reduce(centre, { type: 'shift', patch: ANCHOR, x: 50, y: 50 })).toBe(centre);

    let state = withQuery(query({ granularity: 'Shift' }));
    state = reduce(state, { type: 'shift', patch: ANCHOR, x: 60, y: 40 });
    expect(state.shifts).toEqual({ [ANCHOR]: { x: 60, y: 40 } });
    expect(reduce(state, { type: 'shift', patch: ANCHOR, x: 66, y: 40 }).message).toMatch(/outside/);
    expect(reduce(state, { type: 'shift', patch: 0, x: 20, y: 40 }).message).toMatch(/answered "defect"/);
    state = reduce(reduce(state, { type: 'toggleCandidate', index: 0 }), { type: 'shift', patch: 0, x: 21, y: 41 });
    expect(answerOf(state)?.shifts).toEqual([{ candidate: -1, x: 60, y: 40 }, { candidate: 0, x: 21, y: 41 }]);
  });
});

describe('receipts', () => {
  it('an accepted answer clears the query and advances the counter', () => {
    let state = reduce(withQuery(), { type: 'submitting' });
    expect(state.submitting).toBe(true);
    expect(reduce(state, { type: 'toggleCandidate', index: 1 }).marked).toEqual([]);
    state = reduce(state, { type: 'answered', receipt: { accepted: true, reason: null, queryId: 'q-1', session: 2, answersThisSession: 17, sessionTarget: 50, imagesChanged: 2 } });
    expect(state.query).toBeNull();
    expect(progressText(state.status)).toBe('17 / 50');
  });

  it('a refusal keeps a query that can still be answered and drops one that cannot', () => {
    const state = reduce(withQuery(), { type: 'submitting' });
    const receipt = { accepted: false, queryId: 'q-1', session: 2, answersThisSession: 16, sessionTarget: 50, imagesChanged: 0 };
    const fixable = reduce(state, { type: 'answered', receipt: { ...receipt, reason: 'candidate 12 does not exist' } });
    expect(fixable.query?.queryId).toBe('q-1');
    expect(fixable.message).toMatch(/candidate 12/);
    const gone = reduce(state, { type: 'answered', receipt: { ...receipt, reason: 'The lease on query q-1 expired at 12:05:00 UTC.' } });
    expect(gone.query).toBeNull();
    expect(gone.submitting).toBe(false);
  });

  it('an undo moves the counter back; a refused undo says why', () => {
    const state = withQuery();
    expect(reduce(state, { type: 'undone', receipt: { undone: true, reason: null, queryId: 'q-0', answersThisSession: 15 } }).status?.answersThisSession).toBe(15);
    expect(reduce(state, { type: 'undone', receipt: { undone: false, reason: 'no answer left to undo', queryId: null, answersThisSession: 16 } }).message).toBe('no answer left to undo');
  });
});

describe('the loop', () => {
  it('never goes back to an older status that arrives late', () => {
    let state = reduce(initialState, { type: 'status', status: status({ session: 3, answersThisSession: 0, changedAt: '2026-11-30T12:10:00Z' }) });
    state = reduce(state, { type: 'status', status: status() });
    expect(state.status?.session).toBe(3);
  });

  it('shows why there is no query and forgets training progress once training ends', () => {
    let state = reduce(initialState, { type: 'next', result: { query: null, waitReason: 'Training round 2 is running.' } });
    expect(state.waitReason).toMatch(/Training round 2/);
    state = reduce(state, { type: 'status', status: status({ phase: 'Training' }) });
    state = reduce(state, { type: 'training', training: { round: 2, step: 40, maxSteps: 150, loss: 0.4, accuracy: 0.8, elapsedSeconds: 12 } });
    expect(state.training?.step).toBe(40);
    state = reduce(state, { type: 'status', status: status({ phase: 'Mining', changedAt: '2026-11-30T12:01:00Z' }) });
    expect(state.training).toBeNull();
  });
});

describe('the keyboard', () => {
  it('maps 1–9 and 0 to candidates 0–9, Enter, Z, A, H, M and U', () => {
    const state = withQuery();
    expect(keyCommand('1', state)).toEqual({ type: 'toggleCandidate', index: 0 });
    expect(keyCommand('0', state)).toEqual({ type: 'toggleCandidate', index: 9 });
    expect(keyCommand('Enter', state)).toEqual({ type: 'submit' });
    expect(keyCommand('z', state)).toEqual({ type: 'undo' });
    expect(keyCommand('A', state)).toEqual({ type: 'toggleAnchor' });
    expect(keyCommand('h', state)).toEqual({ type: 'toggleOverlay', overlay: 'heatmap' });
    expect(keyCommand('m', state)).toEqual({ type: 'toggleOverlay', overlay: 'mask' });
    expect(keyCommand('x', state)).toBeNull();
    expect(keyCommand('Enter', initialState)).toBeNull();
    expect(keyCommand('Enter', reduce(state, { type: 'submitting' }))).toBeNull();
  });

  it('toggles overlays and keeps the opacity in range', () => {
    let state = reduce(initialState, { type: 'toggleOverlay', overlay: 'heatmap' });
    expect(state.overlays).toEqual({ mask: true, heatmap: true, uncertainty: false });
    state = reduce(state, { type: 'opacity', value: 3 });
    expect(state.opacity).toBe(1);
  });
});
