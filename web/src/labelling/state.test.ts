import { describe, expect, it } from 'vitest';
import { ANCHOR, type ProjectStatus, type StationQuery } from './contracts';
import { answerOf, answerPreview, initialState, keyCommand, labelAfterAnswer, previewText, progressText, reduce, trainingPercent, trainingText, type LabellingState } from './state';

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
  answersUndone: 0,
  lateAnswersThisSession: 0,
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
    state = reduce(state, { type: 'answered', receipt: { accepted: true, reason: null, queryId: 'q-1', session: 2, answersThisSession: 17, sessionTarget: 50, imagesChanged: 2, lateAnswersThisSession: 0 } });
    expect(state.query).toBeNull();
    expect(progressText(state.status)).toBe('17 / 50');
  });

  it('a refusal keeps a query that can still be answered and drops one that cannot', () => {
    const state = reduce(withQuery(), { type: 'submitting' });
    const receipt = { accepted: false, queryId: 'q-1', session: 2, answersThisSession: 16, sessionTarget: 50, imagesChanged: 0, lateAnswersThisSession: 0 };
    const fixable = reduce(state, { type: 'answered', receipt: { ...receipt, reason: 'candidate 12 does not exist' } });
    expect(fixable.query?.queryId).toBe('q-1');
    expect(fixable.message).toMatch(/candidate 12/);
    const gone = reduce(state, { type: 'answered', receipt: { ...receipt, reason: 'The lease on query q-1 expired at 12:05:00 UTC.' } });
    expect(gone.query).toBeNull();
    expect(gone.submitting).toBe(false);
  });

  it('an undo moves the counter back and says prominently what it took back; a refused undo says why', () => {
    const state = withQuery();
    const receipt = { undone: true, reason: null, queryId: '0a1b2c3d-0000-0000-0000-000000000000', answersThisSession: 15, lateAnswersThisSession: 0, sessionTarget: 50, imagesRestored: ['img-a', 'img-b'] };
    const after = reduce(state, { type: 'undone', receipt });
    expect(after.status?.answersThisSession).toBe(15);
    expect(after.notice?.text).toBe('Undone: your last answer (query 0a1b2c3d), 2 images restored. Session 15 / 50.');
    expect(after.message).toBe(after.notice?.text);
    // The banner goes after its time, by its own id only: an older timer never dismisses a newer undo's banner.
    const again = reduce(after, { type: 'undone', receipt: { ...receipt, answersThisSession: 14 } });
    expect(again.notice?.id).toBe(after.notice!.id + 1);
    expect(reduce(again, { type: 'dismissNotice', id: after.notice!.id }).notice).toEqual(again.notice);
    const dismissed = reduce(again, { type: 'dismissNotice', id: again.notice!.id });
    expect(dismissed.notice).toBeNull();
    expect(reduce(dismissed, { type: 'undone', receipt }).notice?.id).toBe(again.notice!.id + 1);
    const refused = reduce(state, { type: 'undone', receipt: { ...receipt, undone: false, reason: 'no answer left to undo', queryId: null, imagesRestored: null } });
    expect(refused.message).toBe('no answer left to undo');
    expect(refused.notice).toBeNull();
  });

  it('shows answers that arrived after the target apart, never past the target', () => {
    expect(progressText(status({ answersThisSession: 17 }))).toBe('17 / 50');
    expect(progressText(status({ answersThisSession: 52, lateAnswersThisSession: 2 }))).toBe('50 / 50 (+2 late)');
    const state = reduce(reduce(withQuery(), { type: 'submitting' }), {
      type: 'answered',
      receipt: { accepted: true, reason: null, queryId: 'q-1', session: 2, answersThisSession: 51, sessionTarget: 50, imagesChanged: 1, lateAnswersThisSession: 1 },
    });
    expect(progressText(state.status)).toBe('50 / 50 (+1 late)');
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
    state = reduce(state, { type: 'training', training: { round: 2, step: 40, maxSteps: 150, loss: 0.4, accuracy: 0.8, elapsedSeconds: 12, stoppedBy: null } });
    expect(state.training?.step).toBe(40);
    state = reduce(state, { type: 'status', status: status({ phase: 'Mining', changedAt: '2026-11-30T12:01:00Z' }) });
    expect(state.training).toBeNull();
  });
});

describe('what Submit will change', () => {
  // Anchor shown defect; candidates 0, 2, 4, 6, 8 shown defect, the odd ones background (see query()).
  it('by the server\'s rule: marked takes the anchor\'s label, unmarked the other, the anchor its corrected label', () => {
    let state = withQuery();
    // Nothing marked: every candidate becomes background, so the five shown defect are relabelled.
    expect(previewText(answerPreview(state))).toBe('Submit will relabel 5 patches: 0 to defect, 5 to background.');
    for (const index of [0, 2, 4, 6, 8]) state = reduce(state, { type: 'toggleCandidate', index });
    expect(previewText(answerPreview(state))).toBe('Submit keeps all 11 labels as they are.');
    state = reduce(state, { type: 'toggleCandidate', index: 1 });
    expect(answerPreview(state).patches.find((p) => p.patch === 1)).toEqual({ patch: 1, now: false, after: true });
    expect(previewText(answerPreview(state))).toBe('Submit will relabel 1 patch: 1 to defect, 0 to background.');
    // Correcting the anchor to background turns every marked candidate background and every unmarked one defect.
    state = reduce(state, { type: 'toggleAnchor' });
    const preview = answerPreview(state);
    expect(preview.patches.find((p) => p.patch === ANCHOR)).toEqual({ patch: ANCHOR, now: true, after: false });
    expect([preview.toDefect, preview.toBackground]).toEqual([4, 6]);
    expect(previewText(preview)).toBe('Submit will relabel 10 patches: 4 to defect, 6 to background.');
    for (const p of preview.patches) expect(p.after).toBe(labelAfterAnswer(state, p.patch));
  });

  it('is empty without a query', () => {
    expect(answerPreview(initialState)).toEqual({ patches: [], toDefect: 0, toBackground: 0 });
    expect(previewText(answerPreview(initialState))).toBe('');
  });
});

describe('training progress', () => {
  const t = { round: 2, step: 177, maxSteps: 200, loss: 0.3, accuracy: 0.9, elapsedSeconds: 30, stoppedBy: null as string | null };

  it('derives the percentage from step and budget, 100 % only at the budget', () => {
    expect(trainingPercent(t)).toBe(88);
    expect(trainingPercent({ ...t, step: 199 })).toBe(99);
    expect(trainingPercent({ ...t, step: 200 })).toBe(100);
    expect(trainingPercent({ ...t, maxSteps: 0 })).toBe(0);
    expect(trainingText(status({ phase: 'Training' }), t)).toBe('training round 2: step 177 / 200 (88 %), loss 0.300');
  });

  it('says a round is done where it stopped, also when it converged before its budget', () => {
    expect(trainingText(status({ phase: 'Training' }), { ...t, stoppedBy: 'Converged' })).toBe('training round 2 done: 177 of 200 steps (converged early), loss 0.300');
    expect(trainingText(status({ phase: 'Mining' }), t)).toBe('choosing queries…');
    expect(trainingText(status(), t)).toBe('');
    expect(trainingText(status({ phase: 'Training', round: 3 }), null)).toBe('training round 3…');
  });
});

describe('the keyboard', () => {
  it('maps 1–9 and 0 to candidates 0–9, Enter, Z, A, H, M, R and U', () => {
    const state = withQuery();
    expect(keyCommand('1', state)).toEqual({ type: 'toggleCandidate', index: 0 });
    expect(keyCommand('0', state)).toEqual({ type: 'toggleCandidate', index: 9 });
    expect(keyCommand('Enter', state)).toEqual({ type: 'submit' });
    expect(keyCommand('z', state)).toEqual({ type: 'undo' });
    expect(keyCommand('A', state)).toEqual({ type: 'toggleAnchor' });
    expect(keyCommand('h', state)).toEqual({ type: 'toggleOverlay', overlay: 'heatmap' });
    expect(keyCommand('m', state)).toEqual({ type: 'toggleOverlay', overlay: 'mask' });
    expect(keyCommand('R', state)).toEqual({ type: 'toggleOverlay', overlay: 'refined' });
    expect(keyCommand('r', initialState)).toEqual({ type: 'toggleOverlay', overlay: 'refined' });
    expect(keyCommand('x', state)).toBeNull();
    expect(keyCommand('Enter', initialState)).toBeNull();
    expect(keyCommand('Enter', reduce(state, { type: 'submitting' }))).toBeNull();
  });

  it('toggles overlays and keeps the opacity in range', () => {
    let state = reduce(initialState, { type: 'toggleOverlay', overlay: 'heatmap' });
    expect(state.overlays).toEqual({ mask: true, refined: false, heatmap: true, uncertainty: false });
    state = reduce(state, { type: 'toggleOverlay', overlay: 'refined' });
    expect(state.overlays).toEqual({ mask: true, refined: true, heatmap: true, uncertainty: false });
    state = reduce(state, { type: 'opacity', value: 3 });
    expect(state.opacity).toBe(1);
  });
});
