// The hub's messages as they arrive over SignalR (System.Text.Json, camelCase, enums by name): the TypeScript side of
// libs/DefectRefine.Contracts/V1/Stations and V1/Loop. Keep in step with those records.

export type LoopPhase = 'Training' | 'Mining' | 'Labelling';

export interface StationPatch {
  index: number;
  imageId: string;
  x: number;
  y: number;
  labelShown: boolean;
}

export interface StationQuery {
  queryId: string;
  leaseId: string;
  projectId: string;
  session: number;
  modelVersion: string;
  patchSize: number;
  granularity: 'CentrePixel' | 'WholePatch' | 'Shift';
  leaseExpiresAt: string;
  anchor: StationPatch;
  candidates: StationPatch[];
}

export interface NextQueryResult {
  query: StationQuery | null;
  waitReason: string | null;
}

export interface StationShift {
  candidate: number;
  x: number;
  y: number;
}

export interface StationAnswer {
  queryId: string;
  leaseId: string;
  anchorDefect: boolean;
  sameAsAnchor: number[];
  shifts: StationShift[];
}

export interface AnswerReceipt {
  accepted: boolean;
  reason: string | null;
  queryId: string;
  session: number;
  answersThisSession: number;
  sessionTarget: number;
  imagesChanged: number;
  /** Of answersThisSession, those that arrived after the session had its target (kept, shown apart). */
  lateAnswersThisSession: number;
}

export interface UndoReceipt {
  undone: boolean;
  reason: string | null;
  queryId: string | null;
  answersThisSession: number;
  lateAnswersThisSession: number;
  sessionTarget: number;
  /** The images whose masks the undo reverted. */
  imagesRestored: string[] | null;
}

export interface ProjectStatus {
  projectId: string;
  name: string;
  datasetId: string;
  phase: LoopPhase;
  paused: boolean;
  session: number;
  answersThisSession: number;
  sessionTarget: number;
  /** Answers kept in all sessions: recorded minus undone. */
  answersTotal: number;
  round: number;
  modelVersion: string | null;
  trainingsCompleted: number;
  lastError: string | null;
  changedAt: string;
  answersUndone: number;
  /** Of answersThisSession, those recorded after the session had its target or ended (kept, not counted toward it). */
  lateAnswersThisSession: number;
}

export interface TrainingStatus {
  round: number;
  step: number;
  maxSteps: number;
  loss: number;
  accuracy: number;
  elapsedSeconds: number;
  /** Null while the round runs; on its last report why it ended ('StepBudget', 'Converged', 'TimeBudget'). */
  stoppedBy: string | null;
}

/**
 * The model's layer of an image's mask (Contracts.V1.Labels.RefinedMaskProposed), as the auditor's history lists it
 * in an entry's data: proposed after training round `round` by model `modelVersion`, held to the expert's labels of
 * stream version `expertVersion`. `runLengths` alternate background/defect counts, row-major, starting with background.
 * The station overlays it from GET /api/images/{id}/refined-mask (PNG; X-Refined-Model-Version, X-Refined-Round).
 */
export interface RefinedMaskProposed {
  imageId: string;
  projectId: string;
  modelVersion: string;
  round: number;
  expertVersion: number;
  runLengths: number[];
  at: string;
}

/** The anchor's index in answers and clicks, as in the hub's contracts. */
export const ANCHOR = -1;
