import type { RefinedMaskProposed } from '../labelling/contracts';

/** One event of a mask's history as the gateway lists it (LabelStore's HistoryEntry). */
export interface HistoryEntry {
  version: number;
  event: string;
  recordedAt: string;
  station: string;
  user: string;
  sessionId: string | null;
  queryId: string | null;
  modelVersion: string | null;
  pixelsChanged: number;
  summary: string;
  revertedBy: number | null;
  /** The event itself; for MaskInitialised an {@link InitialLabels}. */
  data?: unknown;
}

/** The first event's body (MaskInitialised) as far as the auditor view reads it. */
export interface InitialLabels {
  kind: 'Roi' | 'Segmentation' | 'Noise' | 0 | 1 | 2;
  boxes: unknown[];
  origin: { source: string; simulated: boolean; file: string | null; parameters: Record<string, string> };
}

const kinds = ['Roi', 'Segmentation', 'Noise'] as const;

// Names an auditor reads instead of the origin's code.
const simulators: Record<string, string> = {
  'simulation:expert-roi': 'expert-ROI synthesiser',
  'simulation:coarse-segmentation': 'coarse-segmentation synthesiser',
};

/**
 * Where the first labels came from, in words: "Initial labels: 2 boxes (simulated: expert-ROI synthesiser, seed 42,
 * image seed 7; roi/steel-0000.xml)" or "Initial labels: segmentation mask from import:mask-png (masks/a.png)".
 * Undefined for any other event, or a first event without its body.
 */
export function describeInitial(entry: HistoryEntry): string | undefined {
  if (entry.event !== 'MaskInitialised' || !entry.data || typeof entry.data !== 'object') return undefined;
  const data = entry.data as InitialLabels;
  if (!data.origin) return undefined;
  const kind = typeof data.kind === 'number' ? kinds[data.kind] : data.kind;
  const count = data.boxes?.length ?? 0;
  const what = kind === 'Roi' ? `${count} ${count === 1 ? 'box' : 'boxes'}` : kind === 'Noise' ? 'random noise' : 'segmentation mask';
  const parameters = data.origin.parameters ?? {};
  const seeds = [parameters.seed && `seed ${parameters.seed}`, parameters.imageSeed && `image seed ${parameters.imageSeed}`].filter(Boolean).join(', ');
  const file = data.origin.file ? `${data.origin.simulated ? '; ' : ' ('}${data.origin.file}${data.origin.simulated ? '' : ')'}` : '';
  if (data.origin.simulated) {
    const simulator = simulators[data.origin.source] ?? data.origin.source;
    return `Initial labels: ${what} (simulated: ${simulator}${seeds ? `, ${seeds}` : ''}${file})`;
  }
  return `Initial labels: ${what} from ${data.origin.source}${seeds ? ` (${seeds})` : ''}${file}`;
}

/** The auditor's position in one image's history: which version is shown, and what changed it. */
export interface Timeline {
  entries: HistoryEntry[];
  version: number;
}

/**
 * `refresh`: the same image's history loaded again. An auditor who stepped back to an older version stays on it; one
 * who was on the newest follows to the new newest. Another image opens at its newest version.
 */
export type TimelineAction =
  | { type: 'loaded'; entries: HistoryEntry[]; refresh?: boolean }
  | { type: 'go'; version: number }
  | { type: 'step'; by: number };

export function reduceTimeline(timeline: Timeline, action: TimelineAction): Timeline {
  switch (action.type) {
    case 'loaded': {
      const entries = [...action.entries].sort((a, b) => a.version - b.version);
      const newest = entries.at(-1)?.version ?? 0;
      const steppedBack = timeline.version < (timeline.entries.at(-1)?.version ?? 0);
      const kept = action.refresh && steppedBack && entries.some((entry) => entry.version === timeline.version);
      return { entries, version: kept ? timeline.version : newest };
    }
    case 'go':
      return { ...timeline, version: clamp(timeline, action.version) };
    case 'step':
      return { ...timeline, version: clamp(timeline, timeline.version + action.by) };
  }
}

/** The event that made the shown version. */
export function shownEntry(timeline: Timeline): HistoryEntry | undefined {
  return timeline.entries.find((entry) => entry.version === timeline.version);
}

/** "v7 — CentrePixelsRefined by ann at station-2, 3 px, query 1a2b…, model p-r001"; the first says what the labels are. */
export function describeEntry(entry: HistoryEntry): string {
  // The model's layer: the model version is the author, the training round the why; the expert's layer is unchanged.
  if (entry.event === 'RefinedMaskProposed') {
    const data = entry.data as Partial<RefinedMaskProposed> | undefined;
    const round = data?.round !== undefined ? ` (training round ${data.round})` : '';
    return `v${entry.version} — refined mask by model ${entry.modelVersion ?? data?.modelVersion ?? '?'}${round}, ${entry.pixelsChanged} defect px; the expert's labels unchanged`;
  }
  const why = entry.queryId ? `, query ${entry.queryId.slice(0, 8)}…${entry.modelVersion ? `, model ${entry.modelVersion}` : ''}` : '';
  const undone = entry.revertedBy ? ` (undone by v${entry.revertedBy})` : '';
  const initial = describeInitial(entry);
  return `v${entry.version} — ${initial ?? entry.event} by ${entry.user} at ${entry.station}, ${entry.pixelsChanged} px${why}${undone}`;
}

function clamp(timeline: Timeline, version: number): number {
  const first = timeline.entries[0]?.version ?? 0;
  const last = timeline.entries.at(-1)?.version ?? 0;
  return Math.min(last, Math.max(first, version));
}
