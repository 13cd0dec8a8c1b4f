import { describeEntry, describeInitial, reduceTimeline, shownEntry, type HistoryEntry, type Timeline, type TimelineAction } from '../audit/timeline';
import { authFetch } from '../auth';
import type { ImageStore } from './images';

interface ProjectImage {
  id: string;
  fileName: string;
}

/** The auditor: pick an image of the project, scrub through its mask versions, read who changed what and why. */
export async function showAudit(container: HTMLElement, projectId: string, images: ImageStore): Promise<void> {
  container.innerHTML = `
    <header class="control"><strong>Audit</strong><span data-field="title"></span>
      <a href="?project=${projectId}">back to labelling</a></header>
    <main class="audit">
      <nav aria-label="Images"><ul data-field="images" data-testid="audit-images"></ul></nav>
      <section>
        <canvas data-field="canvas" data-testid="audit-canvas"></canvas>
        <div class="scrub"><button type="button" data-step="-1">◀</button>
          <input type="range" min="1" max="1" value="1" data-field="slider" data-testid="audit-slider" aria-label="Mask version" />
          <button type="button" data-step="1">▶</button> <span data-field="version" data-testid="audit-version"></span></div>
        <p data-field="shown" data-testid="audit-shown"></p>
        <ol data-field="entries" data-testid="audit-entries" class="entries"></ol>
      </section>
    </main>`;
  const field = <T extends HTMLElement = HTMLElement>(name: string) => container.querySelector<T>(`[data-field="${name}"]`)!;
  let timeline: Timeline = { entries: [], version: 0 };
  let imageId: string | null = null;
  let drawn = 0;

  const render = async (): Promise<void> => {
    const slider = field<HTMLInputElement>('slider');
    slider.min = String(timeline.entries[0]?.version ?? 1);
    slider.max = String(timeline.entries.at(-1)?.version ?? 1);
    slider.value = String(timeline.version);
    field('version').textContent = `version ${timeline.version} of ${timeline.entries.at(-1)?.version ?? 0}`;
    const shown = shownEntry(timeline);
    // The first event's description already says what the server's summary says; the others add it.
    const summary = shown?.summary && !describeInitial(shown) ? `: ${shown.summary}` : '';
    field('shown').textContent = shown ? `${describeEntry(shown)} — ${new Date(shown.recordedAt).toLocaleString()}${summary}` : '';
    const list = field('entries');
    list.innerHTML = '';
    for (const entry of [...timeline.entries].reverse()) {
      const item = document.createElement('li');
      item.textContent = describeEntry(entry);
      item.className = entry.version === timeline.version ? 'current' : '';
      item.addEventListener('click', () => dispatch({ type: 'go', version: entry.version }));
      list.append(item);
    }
    if (!imageId) return;
    const generation = ++drawn;
    const [image, mask] = await Promise.all([images.image(imageId), images.maskAt(imageId, timeline.version)]);
    if (generation !== drawn) return;
    const canvas = field<HTMLCanvasElement>('canvas');
    // Large enough to judge pixels, small enough to leave the history readable on a 1366×768 screen.
    const scale = Math.max(1, Math.floor(Math.min(720 / image.naturalWidth, 400 / image.naturalHeight)));
    canvas.width = image.naturalWidth * scale;
    canvas.height = image.naturalHeight * scale;
    const context = canvas.getContext('2d')!;
    context.imageSmoothingEnabled = false;
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    context.globalAlpha = 0.45;
    context.drawImage(mask, 0, 0, canvas.width, canvas.height);
    context.globalAlpha = 1;
  };

  const dispatch = (action: TimelineAction): void => {
    timeline = reduceTimeline(timeline, action);
    void render();
  };

  let opening = 0;
  const open = async (image: ProjectImage): Promise<void> => {
    const refresh = imageId === image.id;
    const generation = ++opening;
    imageId = image.id;
    field('title').textContent = ` · ${image.fileName}`;
    for (const item of field('images').querySelectorAll('li')) item.classList.toggle('current', item.dataset.id === image.id);
    const response = await authFetch(`/api/images/${image.id}/history`);
    if (!response.ok) {
      field('title').textContent = ` · ${((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? `history refused (${response.status})`}`;
      return;
    }
    const entries = (await response.json()) as HistoryEntry[];
    // A slower answer to an earlier open must not replace what a later one showed.
    if (generation !== opening) return;
    dispatch({ type: 'loaded', entries, refresh });
  };

  field<HTMLInputElement>('slider').addEventListener('input', (event) => dispatch({ type: 'go', version: Number((event.target as HTMLInputElement).value) }));
  for (const button of container.querySelectorAll<HTMLButtonElement>('[data-step]'))
    button.addEventListener('click', () => dispatch({ type: 'step', by: Number(button.dataset.step) }));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') dispatch({ type: 'step', by: -1 });
    if (event.key === 'ArrowRight') dispatch({ type: 'step', by: 1 });
  });

  const list = (await (await authFetch(`/api/projects/${projectId}/images`)).json()) as ProjectImage[];
  for (const image of list) {
    const item = document.createElement('li');
    item.dataset.id = image.id;
    item.tabIndex = 0;
    item.textContent = image.fileName;
    item.addEventListener('click', () => void open(image));
    item.addEventListener('keydown', (event) => event.key === 'Enter' && void open(image));
    field('images').append(item);
  }
  const wanted = new URLSearchParams(location.search).get('image');
  const first = list.find((image) => image.id === wanted) ?? list[0];
  if (first) await open(first);
}
