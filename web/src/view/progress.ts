import { authFetch } from '../auth';

/** GET /api/projects/{id}/refinement (services/LabelGateway/Apis/RefinementProgressApi.cs). */
export interface RefinementLayer {
  changes: number;
  undone: number;
  pixelsFlipped: number;
  pixelsUndone: number;
  pixelsKept: number;
}

export interface RefinementScore {
  f1: number | null;
  precision: number | null;
  recall: number | null;
}

export interface RefinementPoint {
  step: number;
  at: string;
  kind: 'initial' | 'answer' | 'undo';
  newSession: boolean;
  f1: number | null;
}

export interface ImageRefinement {
  imageId: string;
  fileName: string;
  version: number;
  defectPixelsInitial: number;
  defectPixelsNow: number;
  pixelsChanged: number;
  experts: RefinementLayer;
  f1Initial: number | null;
  f1Now: number | null;
  changedAgreeing: number | null;
  f1Series: (number | null)[];
}

export interface RefinementProgress {
  projectId: string;
  datasetId: string;
  images: number;
  imagesChanged: number;
  pixelsChanged: number;
  experts: RefinementLayer;
  model: RefinementLayer | null;
  modelNote: string | null;
  truth: {
    imagesWithTruth: number;
    initial: RefinementScore;
    now: RefinementScore;
    changedAgreeing: number;
    changedDisagreeing: number;
    series: RefinementPoint[];
  } | null;
  truthNote: string | null;
  perImage: ImageRefinement[];
}

/** How often the panel asks again: the gateway reads only the label events recorded since its last answer. */
export const refreshMs = 5000;

export function formatF1(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : value.toFixed(3);
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** The change of F1 as "+0.123" or "−0.045", a tiny one as "+0.00004"; empty when either end is undefined or nothing moved. */
export function formatDelta(from: number | null, to: number | null): string {
  if (from === null || to === null || to === from) return '';
  const size = Math.abs(to - from);
  return `${to > from ? '+' : '−'}${size.toFixed(size >= 0.0005 ? 3 : 5)}`;
}

/** The lines a person reads first: how many images and pixels moved, who moved them, and the F1 when it is known. */
export function summaryLines(progress: RefinementProgress): string[] {
  const e = progress.experts;
  const lines = [
    `${progress.imagesChanged} of ${progress.images} images changed; ${formatCount(progress.pixelsChanged)} pixels now differ from the initial labels.`,
    `Experts: ${e.changes} mask change(s), ${e.undone} undone; ${formatCount(e.pixelsFlipped)} pixel flips, ${formatCount(e.pixelsUndone)} flipped back.`,
    progress.model
      ? `Model's refined masks: ${progress.model.changes} change(s), ${formatCount(progress.model.pixelsKept)} pixel flips kept.`
      : `Model's refined masks: ${progress.modelNote ?? 'none yet'}.`,
  ];
  if (progress.truth) {
    const { initial, now, changedAgreeing, changedDisagreeing } = progress.truth;
    const delta = formatDelta(initial.f1, now.f1);
    lines.push(`Changed pixels against the truth: ${formatCount(changedAgreeing)} now agree, ${formatCount(changedDisagreeing)} do not.`);
    lines.push(`Pixel F1 against the truth: ${formatF1(initial.f1)} initially → ${formatF1(now.f1)} now${delta ? ` (${delta})` : ' (unchanged)'}.`);
  } else if (progress.truthNote) {
    lines.push(progress.truthNote);
  }
  return lines;
}

export interface PlotBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const stationPlot: PlotBox = { width: 330, height: 120, left: 40, right: 52, top: 8, bottom: 20 };

/** The narrowest F1 axis a plot zooms to: a change in the fourth decimal must not look like a leap. */
export const minimumSpan = 0.05;

/** The F1 axis: the values' range, widened to at least {@link minimumSpan} and kept inside 0..1 (as the status page does). */
export function f1Range(values: (number | null)[]): [number, number] {
  const defined = values.filter((v): v is number => v !== null);
  if (defined.length === 0) return [0, 1];
  let low = Math.min(...defined);
  let high = Math.max(...defined);
  const pad = Math.max((minimumSpan - (high - low)) / 2, (high - low) * 0.1);
  low -= pad;
  high += pad;
  // Past an end of 0..1, the span slides inward rather than shrinking.
  if (low < 0) [low, high] = [0, Math.min(1, high - low)];
  if (high > 1) [low, high] = [Math.max(0, low - (high - 1)), 1];
  return [low, high];
}

/** SVG polyline points of F1 against the step on the axis {@link f1Range}; points whose F1 is undefined are left out. */
export function plotPoints(series: Pick<RefinementPoint, 'step' | 'f1'>[], box: PlotBox = stationPlot, range = f1Range(series.map((p) => p.f1))): string {
  const last = Math.max(1, series.length === 0 ? 1 : series[series.length - 1]!.step);
  const w = box.width - box.left - box.right;
  const h = box.height - box.top - box.bottom;
  const [low, high] = range;
  return series
    .filter((p) => p.f1 !== null)
    .map((p) => `${(box.left + (w * p.step) / last).toFixed(1)},${(box.top + (h * (high - p.f1!)) / (high - low)).toFixed(1)}`)
    .join(' ');
}

/** The whole plot as SVG markup: axis lines at 0, 0.5 and 1, dashed session starts, the line, and the latest value. */
export function plotSvg(series: RefinementPoint[], box: PlotBox = stationPlot): string {
  const steps = series.length === 0 ? 0 : series[series.length - 1]!.step;
  const last = Math.max(1, steps);
  const w = box.width - box.left - box.right;
  const h = box.height - box.top - box.bottom;
  const range = f1Range(series.map((p) => p.f1));
  const [low, high] = range;
  const x = (step: number): string => (box.left + (w * step) / last).toFixed(1);
  const y = (f1: number): string => (box.top + (h * (high - f1)) / (high - low)).toFixed(1);
  const parts = [`<svg class="f1-plot" role="img" aria-label="Pixel F1 against the truth after each answer" style="padding-left:8px" width="${box.width}" height="${box.height}" viewBox="0 0 ${box.width} ${box.height}">`];
  for (const tick of [low, (low + high) / 2, high])
    parts.push(`<line x1="${box.left}" x2="${box.left + w}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ccc"/><text x="${box.left - 4}" y="${(Number(y(tick)) + 4).toFixed(1)}" font-size="10" text-anchor="end" fill="#888">${tick.toFixed(3)}</text>`);
  for (const p of series.filter((s) => s.newSession))
    parts.push(`<line x1="${x(p.step)}" x2="${x(p.step)}" y1="${box.top}" y2="${box.top + h}" stroke="#aaa" stroke-dasharray="3 3"/>`);
  const points = plotPoints(series, box, range);
  if (points) parts.push(`<polyline fill="none" stroke="#4fa3f7" stroke-width="2" points="${points}"/>`);
  const defined = series.filter((p) => p.f1 !== null);
  const latest = defined[defined.length - 1];
  if (latest) parts.push(`<text x="${(Number(x(latest.step)) + 5).toFixed(1)}" y="${(Number(y(latest.f1!)) + 4).toFixed(1)}" font-size="11" font-weight="bold" fill="#4fa3f7">${formatF1(latest.f1)}</text>`);
  parts.push(`<text x="${box.left + w / 2}" y="${box.height - 4}" font-size="10" text-anchor="middle" fill="#888">${steps === 0 ? 'no answers yet' : `answers: ${steps}`}</text></svg>`);
  return parts.join('');
}

/** The images whose labels moved most, for the panel's short list. */
export function mostMoved(images: ImageRefinement[], count = 5): ImageRefinement[] {
  return images.filter((i) => i.pixelsChanged > 0).sort((a, b) => b.pixelsChanged - a.pixelsChanged || a.fileName.localeCompare(b.fileName)).slice(0, count);
}

/**
 * The station's "refinement" panel: appended below the station, it polls the gateway and shows how far the labels
 * have moved and, in an evaluation, the F1 plot. It keeps to its own element, so the station's screen can change freely.
 */
export function showProgress(container: HTMLElement, projectId: string): () => void {
  const panel = document.createElement('section');
  panel.className = 'refinement-progress';
  panel.setAttribute('aria-label', 'Refinement progress');
  panel.dataset.testid = 'refinement-progress';
  panel.style.cssText = 'margin:0 1rem 1rem;padding:.6rem 1rem;border:1px solid #d0d7de;border-radius:6px;font-size:.9rem;display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start';
  panel.innerHTML = `<div><h2 style="margin:0 0 .3rem;font-size:1rem">How far the labels have moved</h2><ul data-field="summary" style="margin:0;padding-left:1.1rem"></ul></div>
    <figure data-field="plot" style="margin:0"></figure><div data-field="images"></div>`;
  container.append(panel);

  const render = (progress: RefinementProgress): void => {
    const list = panel.querySelector('[data-field="summary"]')!;
    list.replaceChildren(...summaryLines(progress).map((line) => Object.assign(document.createElement('li'), { textContent: line })));
    const plot = panel.querySelector<HTMLElement>('[data-field="plot"]')!;
    plot.innerHTML = progress.truth ? `${plotSvg(progress.truth.series)}<figcaption style="font-size:.8rem;color:#666">F1 after each answer; dashed: a new session</figcaption>` : '';
    const moved = mostMoved(progress.perImage);
    const images = panel.querySelector<HTMLElement>('[data-field="images"]')!;
    images.replaceChildren();
    if (moved.length === 0) return;
    const table = document.createElement('table');
    table.style.cssText = 'border-collapse:collapse;font-size:.85rem';
    table.innerHTML = `<caption style="text-align:left;font-weight:600">Most changed images</caption><tr><th>image</th><th>pixels changed</th>${progress.truth ? '<th>F1</th>' : ''}</tr>`;
    for (const image of moved) {
      const row = table.insertRow();
      row.insertCell().textContent = image.fileName;
      row.insertCell().textContent = formatCount(image.pixelsChanged);
      if (progress.truth) row.insertCell().textContent = `${formatF1(image.f1Initial)} → ${formatF1(image.f1Now)}`;
    }
    images.append(table);
  };

  const refresh = async (): Promise<void> => {
    try {
      const response = await authFetch(`/api/projects/${projectId}/refinement`);
      if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${response.status}`);
      render((await response.json()) as RefinementProgress);
    } catch (error) {
      panel.querySelector('[data-field="summary"]')!.replaceChildren(
        Object.assign(document.createElement('li'), { textContent: `Could not read the refinement progress: ${error instanceof Error ? error.message : String(error)}` }));
    }
  };
  void refresh();
  const timer = window.setInterval(() => void refresh(), refreshMs);
  return () => window.clearInterval(timer);
}
