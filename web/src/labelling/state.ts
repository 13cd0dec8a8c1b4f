import {
  ANCHOR,
  type AnswerReceipt,
  type NextQueryResult,
  type ProjectStatus,
  type StationAnswer,
  type StationQuery,
  type StationShift,
  type TrainingStatus,
  type UndoReceipt,
} from './contracts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
export type Overlay = 'mask' | 'refined' | 'heatmap' | 'uncertainty';

/** Everything a station's screen shows, changed only by {@link reduce}: the UI renders it and sends actions. */
export interface LabellingState {
  connection: ConnectionState;
  status: ProjectStatus | null;
  training: TrainingStatus | null;
  query: StationQuery | null;
  waitReason: string | null;
  /** The anchor's label as the expert says it (starts as the label shown). */
  anchorDefect: boolean;
  /** Displayed indices of the candidates marked "same as anchor", ascending. */
  marked: number[];
  /** Defect clicks by patch (displayed index, -1 for the anchor), absolute image pixels. */
  shifts: Record<number, { x: number; y: number }>;
  /** The patch whose full image is shown (-1: the anchor). */
  selected: number;
  overlays: Record<Overlay, boolean>;
  opacity: number;
  submitting: boolean;
  /** The last refusal or error, shown until the next action. */
  message: string | null;
  /** A confirmation shown prominently for a few seconds (the view dismisses it by id), e.g. what an undo took back. */
  notice: Notice | null;
  /** The id of the last notice shown, so a timer of an earlier one can never dismiss a newer one. */
  noticeId: number;
}

export interface Notice {
  id: number;
  text: string;
}

export type Action =
  | { type: 'connection'; state: ConnectionState }
  | { type: 'status'; status: ProjectStatus }
  | { type: 'training'; training: TrainingStatus }
  | { type: 'next'; result: NextQueryResult }
  | { type: 'toggleCandidate'; index: number }
  | { type: 'toggleAnchor' }
  | { type: 'shift'; patch: number; x: number; y: number }
  | { type: 'select'; patch: number }
  | { type: 'toggleOverlay'; overlay: Overlay }
  | { type: 'opacity'; value: number }
  | { type: 'submitting' }
  | { type: 'answered'; receipt: AnswerReceipt }
  | { type: 'undone'; receipt: UndoReceipt }
  | { type: 'dismissNotice'; id: number }
  | { type: 'error'; message: string };

export const initialState: LabellingState = {
  connection: 'connecting',
  status: null,
  training: null,
  query: null,
  waitReason: null,
  anchorDefect: false,
  marked: [],
  shifts: {},
  selected: ANCHOR,
  overlays: { mask: true, refined: false, heatmap: false, uncertainty: false },
  opacity: 0.45,
  submitting: false,
  message: null,
  notice: null,
  noticeId: 0,
};

// Refusals after which the held query is gone for good: ask for the next one instead of retrying.
const QUERY_GONE = /expired|not leased|leased to another|already been answered|withdrawn|unknown/i;

export function reduce(state: LabellingState, action: Action): LabellingState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.state, submitting: action.state === 'connected' ? state.submitting : false };
    case 'status':
      return isOlder(action.status, state.status) ? state : { ...state, status: action.status, training: action.status.phase === 'Training' ? state.training : null };
    case 'training':
      return { ...state, training: action.training };
    case 'next':
      return action.result.query ? withQuery(state, action.result.query) : { ...state, query: null, waitReason: action.result.waitReason, message: null };
    case 'toggleCandidate': {
      if (!state.query || action.index < 0 || action.index >= state.query.candidates.length || state.submitting) return state;
      const marked = state.marked.includes(action.index) ? state.marked.filter((i) => i !== action.index) : [...state.marked, action.index].sort((a, b) => a - b);
      // The image view follows the candidate last toggled, so the keyboard alone can look at each one in its image.
      return { ...state, marked, selected: action.index, message: null };
    }
    case 'toggleAnchor':
      return state.query && !state.submitting ? { ...state, anchorDefect: !state.anchorDefect, message: null } : state;
    case 'shift':
      return addShift(state, action.patch, action.x, action.y);
    case 'select':
      return state.query && action.patch >= ANCHOR && action.patch < state.query.candidates.length ? { ...state, selected: action.patch } : state;
    case 'toggleOverlay':
      return { ...state, overlays: { ...state.overlays, [action.overlay]: !state.overlays[action.overlay] } };
    case 'opacity':
      return { ...state, opacity: Math.min(1, Math.max(0, action.value)) };
    case 'submitting':
      return state.query ? { ...state, submitting: true, message: null } : state;
    case 'answered':
      return answered(state, action.receipt);
    case 'undone':
      return undone(state, action.receipt);
    case 'dismissNotice':
      return state.notice?.id === action.id ? { ...state, notice: null } : state;
    case 'error':
      return { ...state, submitting: false, message: action.message };
  }
}

/** The answer the screen shows, for the hub; null when there is no query to answer. */
export function answerOf(state: LabellingState): StationAnswer | null {
  if (!state.query) return null;
  const shifts: StationShift[] = Object.entries(state.shifts)
    .map(([patch, click]) => ({ candidate: Number(patch), x: click.x, y: click.y }))
    .sort((a, b) => a.candidate - b.candidate);
  return { queryId: state.query.queryId, leaseId: state.query.leaseId, anchorDefect: state.anchorDefect, sameAsAnchor: [...state.marked], shifts };
}

/** The label a patch gets if the answer is submitted now (what the grid shows under each candidate). */
export function labelAfterAnswer(state: LabellingState, patch: number): boolean {
  if (patch === ANCHOR) return state.anchorDefect;
  return state.marked.includes(patch) ? state.anchorDefect : !state.anchorDefect;
}

/** What submitting now does to one patch: its label as shown (the mask at its centre when mined) and after the answer. */
export interface PatchChange {
  /** Displayed index; -1 for the anchor. */
  patch: number;
  now: boolean;
  after: boolean;
}

export interface AnswerPreview {
  patches: PatchChange[];
  toDefect: number;
  toBackground: number;
}

/**
 * What Submit will change, by the server's rule (AnswerApplication): the anchor takes the label the expert gave it
 * (possibly corrected), a candidate marked "same" takes the anchor's label, and every unmarked candidate the other one,
 * so an unmarked candidate that already had the anchor's label is flipped.
 */
export function answerPreview(state: LabellingState): AnswerPreview {
  const query = state.query;
  if (!query) return { patches: [], toDefect: 0, toBackground: 0 };
  const patches = [query.anchor, ...query.candidates].map((p) => ({ patch: p.index, now: p.labelShown, after: labelAfterAnswer(state, p.index) }));
  const changed = patches.filter((p) => p.now !== p.after);
  return { patches, toDefect: changed.filter((p) => p.after).length, toBackground: changed.filter((p) => !p.after).length };
}

/** "Submit will relabel 6 patches: 4 to defect, 2 to background", kept beside the Submit button as the expert marks. */
export function previewText(preview: AnswerPreview): string {
  const changed = preview.toDefect + preview.toBackground;
  if (preview.patches.length === 0) return '';
  if (changed === 0) return `Submit keeps all ${preview.patches.length} labels as they are.`;
  return `Submit will relabel ${changed} patch${changed === 1 ? '' : 'es'}: ${preview.toDefect} to defect, ${preview.toBackground} to background.`;
}

/**
 * "17 / 50" for the control panel; "50 / 50 (+2 late)" when answers to queries leased before the target was reached
 * arrived after it (the server keeps them; ProgressText.Session in the contracts says the same).
 */
export function progressText(status: ProjectStatus | null): string {
  if (!status) return '– / –';
  const late = status.lateAnswersThisSession;
  return `${status.answersThisSession - late} / ${status.sessionTarget}${late > 0 ? ` (+${late} late)` : ''}`;
}

/** Whole percent of the step budget, rounded down: 199 of 200 steps is 99 %, never 100 %. */
export function trainingPercent(training: TrainingStatus): number {
  return training.maxSteps > 0 ? Math.min(100, Math.max(0, Math.floor((100 * training.step) / training.maxSteps))) : 0;
}

const STOPS: Record<string, string> = { StepBudget: 'step budget reached', Converged: 'converged early', TimeBudget: 'time budget reached' };

/** The control panel's training line (ProgressText.Training in the contracts says the same). */
export function trainingText(status: ProjectStatus | null, training: TrainingStatus | null): string {
  if (status?.phase === 'Mining') return 'choosing queries…';
  if (status?.phase !== 'Training') return '';
  if (!training) return `training round ${status.round}…`;
  const t = training;
  return t.stoppedBy
    ? `training round ${t.round} done: ${t.step} of ${t.maxSteps} steps (${STOPS[t.stoppedBy] ?? t.stoppedBy}), loss ${t.loss.toFixed(3)}`
    : `training round ${t.round}: step ${t.step} / ${t.maxSteps} (${trainingPercent(t)} %), loss ${t.loss.toFixed(3)}`;
}

export type KeyCommand = Action | { type: 'submit' } | { type: 'undo' };

/** The keyboard: 1–9 and 0 toggle candidates 1–10, A corrects the anchor, Enter submits, Z undoes, M/R/H/U overlays. */
export function keyCommand(key: string, state: LabellingState): KeyCommand | null {
  if (/^[0-9]$/.test(key)) {
    const index = key === '0' ? 9 : Number(key) - 1;
    return state.query && index < state.query.candidates.length ? { type: 'toggleCandidate', index } : null;
  }
  switch (key.toLowerCase()) {
    case 'enter':
      return state.query && !state.submitting ? { type: 'submit' } : null;
    case 'z':
      return { type: 'undo' };
    case 'a':
      return state.query ? { type: 'toggleAnchor' } : null;
    case 'h':
      return { type: 'toggleOverlay', overlay: 'heatmap' };
    case 'm':
      return { type: 'toggleOverlay', overlay: 'mask' };
    case 'r':
      return { type: 'toggleOverlay', overlay: 'refined' };
    case 'u':
      return { type: 'toggleOverlay', overlay: 'uncertainty' };
    default:
      return null;
  }
}

function withQuery(state: LabellingState, query: StationQuery): LabellingState {
  if (state.query?.queryId === query.queryId) return { ...state, query, waitReason: null };
  return { ...state, query, waitReason: null, anchorDefect: query.anchor.labelShown, marked: [], shifts: {}, selected: ANCHOR, submitting: false, message: null };
}

function addShift(state: LabellingState, patch: number, x: number, y: number): LabellingState {
  const query = state.query;
  if (!query || state.submitting || query.granularity !== 'Shift') return state;
  const target = patch === ANCHOR ? query.anchor : query.candidates[patch];
  if (!target) return state;
  const half = Math.floor(query.patchSize / 2);
  const inside = x >= target.x - half && x < target.x - half + query.patchSize && y >= target.y - half && y < target.y - half + query.patchSize;
  if (!inside) return { ...state, message: `The click (${x}, ${y}) is outside that patch.` };
  if (!labelAfterAnswer(state, patch)) return { ...state, message: 'Only a patch answered "defect" can have its defect clicked.' };
  return { ...state, shifts: { ...state.shifts, [patch]: { x, y } }, message: null };
}

function answered(state: LabellingState, receipt: AnswerReceipt): LabellingState {
  if (receipt.accepted) {
    const status = state.status && {
      ...state.status,
      session: receipt.session,
      answersThisSession: receipt.answersThisSession,
      lateAnswersThisSession: receipt.lateAnswersThisSession,
      sessionTarget: receipt.sessionTarget,
    };
    return { ...state, status, query: null, marked: [], shifts: {}, submitting: false, message: null };
  }
  const gone = QUERY_GONE.test(receipt.reason ?? '');
  return { ...state, submitting: false, query: gone ? null : state.query, message: receipt.reason ?? 'The answer was refused.' };
}

function undone(state: LabellingState, receipt: UndoReceipt): LabellingState {
  if (!receipt.undone) return { ...state, message: receipt.reason ?? 'Nothing to undo.' };
  const status = state.status && { ...state.status, answersThisSession: receipt.answersThisSession, lateAnswersThisSession: receipt.lateAnswersThisSession };
  const images = receipt.imagesRestored?.length ?? 0;
  const what = `Undone: your last answer${receipt.queryId ? ` (query ${receipt.queryId.slice(0, 8)})` : ''}`;
  const text = `${what}${images > 0 ? `, ${images} image${images === 1 ? '' : 's'} restored` : ''}. Session ${progressText(status)}.`;
  const id = state.noticeId + 1;
  return { ...state, status, message: text, notice: { id, text }, noticeId: id };
}

function isOlder(incoming: ProjectStatus, known: ProjectStatus | null): boolean {
  if (!known || known.projectId !== incoming.projectId) return false;
  return incoming.session < known.session || (incoming.session === known.session && incoming.changedAt < known.changedAt);
}
