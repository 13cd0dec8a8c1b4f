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
}

/** The auditor's position in one image's history: which version is shown, and what changed it. */
export interface Timeline {
  entries: HistoryEntry[];
  version: number;
}

export type TimelineAction = { type: 'loaded'; entries: HistoryEntry[] } | { type: 'go'; version: number } | { type: 'step'; by: number };

export function reduceTimeline(timeline: Timeline, action: TimelineAction): Timeline {
  switch (action.type) {
    case 'loaded': {
      const entries = [...action.entries].sort((a, b) => a.version - b.version);
      return { entries, version: entries.at(-1)?.version ?? 0 };
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

/** "v7 — CentrePixelsRefined by ann at station-2, 3 px, query 1a2b…, model p-r001" */
export function describeEntry(entry: HistoryEntry): string {
  const why = entry.queryId ? `, query ${entry.queryId.slice(0, 8)}…${entry.modelVersion ? `, model ${entry.modelVersion}` : ''}` : '';
  const undone = entry.revertedBy ? ` (undone by v${entry.revertedBy})` : '';
  return `v${entry.version} — ${entry.event} by ${entry.user} at ${entry.station}, ${entry.pixelsChanged} px${why}${undone}`;
}

function clamp(timeline: Timeline, version: number): number {
  const first = timeline.entries[0]?.version ?? 0;
  const last = timeline.entries.at(-1)?.version ?? 0;
  return Math.min(last, Math.max(first, version));
}
