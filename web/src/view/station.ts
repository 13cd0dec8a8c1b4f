import { ANCHOR, type StationPatch } from '../labelling/contracts';
import { answerPreview, previewText, progressText, trainingPercent, trainingText, type Action, type LabellingState, type PatchChange } from '../labelling/state';
import { drawImageWithPatch, drawPatch, drawShiftMarker, loadImage, MASK_RGB, pixelAt, REFINED_RGB, type ImageStore, type LoadedImage, type ModelMap, type PatchView } from './images';
import { inUnits, probabilityGradient, uncertaintyGradient, uncertaintyLegendText } from './overlayScale';

/** How long an undo's confirmation stays on screen: long enough to read a sentence after glancing up. */
const NOTICE_MS = 6000;
const EDGE_NOTE = 'reflected beyond the image edge';

/** "background → defect", or "defect (kept)" when Submit keeps the label. */
function changeText(change: PatchChange): string {
  const name = (defect: boolean): string => (defect ? 'defect' : 'background');
  return change.now === change.after ? `${name(change.now)} (kept)` : `${name(change.now)} → ${name(change.after)}`;
}

export interface StationCommands {
  dispatch(action: Action): void;
  submit(): void;
  undo(): void;
  retrain(): void;
}

/** Renders the station's screen from the state; every control sends an action, nothing here keeps state of its own. */
export class StationScreen {
  private readonly root: HTMLElement;

  /** @param canRetrain whether the token's roles admit "Retrain now" (admins only); the server refuses others anyway. */
  constructor(container: HTMLElement, private readonly images: ImageStore, private readonly commands: StationCommands, private readonly station: string,
    canRetrain: boolean) {
    container.innerHTML = `
      <header class="control" data-testid="control-panel">
        <div class="project"><strong data-field="project"></strong><span data-field="station"></span></div>
        <div class="session"><span data-field="session"></span><span class="counter" data-testid="counter" data-field="counter"></span>
          <progress data-field="session-progress" max="1" value="0"></progress></div>
        <div class="model" data-field="model"></div>
        <div class="training"><span data-field="training" data-testid="training"></span>
          <progress data-field="training-progress" max="100" value="0" hidden></progress></div>
        <div class="connection" data-testid="connection" data-field="connection"></div>
        <a data-field="audit-link">Audit</a>
        <button type="button" data-command="retrain" title="End this session now and train (admins)"${canRetrain ? '' : ' hidden'}>Retrain now</button>
      </header>
      <div class="notice" data-field="notice" data-testid="notice" role="alert" hidden></div>
      <main>
        <section class="anchor" aria-label="Anchor">
          <h2>Anchor</h2>
          <canvas width="224" height="224" data-patch="-1" data-testid="anchor"></canvas>
          <p class="label" data-field="anchor-label" data-testid="anchor-label"></p>
          <p class="edge" data-field="anchor-edge"></p>
          <button type="button" data-command="toggle-anchor">Correct label <kbd>A</kbd></button>
          <button type="button" data-command="undo">Undo last answer <kbd>Z</kbd></button>
        </section>
        <section class="candidates" aria-label="Candidates">
          <h2>Which look the same as the anchor?</h2>
          <p class="hint">Unmarked means <em>different</em>: on Submit each unmarked candidate takes the label opposite to the anchor's.</p>
          <div class="grid" data-field="grid" data-testid="candidates"></div>
          <p class="note" data-field="edge-note"></p>
          <p class="preview" data-field="preview" data-testid="preview"></p>
          <button type="button" class="submit" data-command="submit" data-testid="submit">Submit <kbd>Enter</kbd></button>
        </section>
        <section class="image" aria-label="Image">
          <h2 data-field="image-title">Image</h2>
          <canvas data-field="image" width="480" height="480"></canvas>
          <label><input type="checkbox" data-overlay="mask" /> Current mask <kbd>M</kbd></label>
          <label><input type="checkbox" data-overlay="refined" /> Refined mask (model) <kbd>R</kbd></label>
          <label><input type="checkbox" data-overlay="heatmap" /> Model's defect probability <kbd>H</kbd></label>
          <label><input type="checkbox" data-overlay="uncertainty" /> Model's uncertainty <kbd>U</kbd></label>
          <div class="legend" data-testid="legend">
            <div data-legend="mask"><span class="swatch" style="background: rgb(${MASK_RGB.join(', ')})"></span>
              current mask: red is defect, clear is background</div>
            <div data-legend="refined"><span class="swatch" style="background: rgb(${REFINED_RGB.join(', ')})"></span>
              refined mask: cyan is defect, as the model proposed it after training round <span data-field="refined-round">–</span>
              (held to every expert answer before it)</div>
            <div data-legend="heatmap"><span class="ramp" style="background: ${probabilityGradient()}, #808080"></span>
              <span class="ticks"><span>0</span><span>0.5</span><span>1</span></span> model's probability of defect (0–1)</div>
            <div data-legend="uncertainty"><span class="ramp" style="background: ${uncertaintyGradient()}, #808080"></span>
              <span class="ticks"><span data-field="uncertainty-min">–</span><span data-field="uncertainty-max">–</span></span>
              model's uncertainty, entropy in bits: <span data-field="uncertainty-scale">waiting for the map…</span></div>
          </div>
          <p class="note" data-field="map-note"></p>
          <label>Opacity <input type="range" min="0" max="1" step="0.05" data-field="opacity" /></label>
        </section>
      </main>
      <footer><p data-field="message" data-testid="message" role="status"></p></footer>`;
    this.root = container;
    if (canRetrain) this.root.querySelector('[data-command="retrain"]')!.addEventListener('click', () => commands.retrain());
    this.root.querySelector('[data-command="toggle-anchor"]')!.addEventListener('click', () => commands.dispatch({ type: 'toggleAnchor' }));
    this.root.querySelector('[data-command="undo"]')!.addEventListener('click', () => commands.undo());
    this.root.querySelector('[data-command="submit"]')!.addEventListener('click', () => commands.submit());
    for (const overlay of ['mask', 'refined', 'heatmap', 'uncertainty'] as const)
      this.root.querySelector<HTMLInputElement>(`[data-overlay="${overlay}"]`)!.addEventListener('change', () => commands.dispatch({ type: 'toggleOverlay', overlay }));
    this.root.querySelector<HTMLInputElement>('[data-field="opacity"]')!.addEventListener('input', (e) =>
      commands.dispatch({ type: 'opacity', value: Number((e.target as HTMLInputElement).value) }));
    const anchor = this.root.querySelector<HTMLCanvasElement>('[data-patch="-1"]')!;
    anchor.addEventListener('click', () => commands.dispatch({ type: 'select', patch: ANCHOR }));
    anchor.addEventListener('auxclick', (event) => this.shiftClick(event, ANCHOR));
    anchor.addEventListener('mousedown', (event) => event.button === 1 && event.preventDefault());
  }

  private state: LabellingState | null = null;
  private noticeShown = 0;
  private generation = 0;
  private renderedQuery: string | null = null;

  render(state: LabellingState): void {
    const previous = this.state;
    this.state = state;
    const s = state.status;
    this.text('project', s?.name ?? 'joining…');
    if (s) this.field<HTMLAnchorElement>('audit-link').href = `?project=${s.projectId}&view=audit`;
    this.text('station', ` · station ${this.station}`);
    this.text('session', s ? `Session ${s.session}` : '');
    this.text('counter', progressText(s));
    const progress = this.field<HTMLProgressElement>('session-progress');
    progress.max = s?.sessionTarget ?? 1;
    progress.value = s ? s.answersThisSession - s.lateAnswersThisSession : 0;
    this.text('model', s?.modelVersion ? `model ${s.modelVersion}` : 'no model yet');
    const t = s?.phase === 'Training' ? state.training : null;
    this.text('training', trainingText(s, state.training));
    // The bar is the fraction the text prints: steps done of the budget (a round that converges early ends short of it).
    const bar = this.field<HTMLProgressElement>('training-progress');
    bar.hidden = !t;
    bar.value = t ? trainingPercent(t) : 0;
    this.renderNotice(state);
    const connection = this.field('connection');
    connection.textContent = state.connection;
    connection.className = `connection ${state.connection}`;
    this.text('message', state.message ?? (state.query ? '' : state.waitReason ?? (s?.lastError ?? 'Waiting for a query…')));
    this.field<HTMLInputElement>('opacity').value = String(state.opacity);
    for (const overlay of ['mask', 'refined', 'heatmap', 'uncertainty'] as const) {
      this.root.querySelector<HTMLInputElement>(`[data-overlay="${overlay}"]`)!.checked = state.overlays[overlay];
      this.root.querySelector<HTMLElement>(`[data-legend="${overlay}"]`)!.hidden = !state.overlays[overlay];
    }
    this.root.querySelector<HTMLButtonElement>('[data-command="submit"]')!.disabled = !state.query || state.submitting;
    this.root.querySelector<HTMLButtonElement>('[data-command="toggle-anchor"]')!.disabled = !state.query;

    const query = state.query;
    const preview = answerPreview(state);
    const anchorChange = preview.patches.find((p) => p.patch === ANCHOR);
    this.text('anchor-label', anchorChange ? `Label: ${changeText(anchorChange)}${anchorChange.now !== anchorChange.after ? ' (corrected)' : ''}` : '');
    this.text('preview', previewText(preview));
    if ((query?.queryId ?? null) !== this.renderedQuery) this.buildGrid(state);
    this.updateGrid(state);
    const redraw = !previous || previous.query !== state.query || previous.overlays !== state.overlays || previous.opacity !== state.opacity
      || previous.selected !== state.selected || previous.shifts !== state.shifts;
    if (redraw) void this.draw(state);
  }

  private buildGrid(state: LabellingState): void {
    const grid = this.field('grid');
    grid.innerHTML = '';
    this.renderedQuery = state.query?.queryId ?? null;
    grid.dataset.query = this.renderedQuery ?? '';
    grid.dataset.anchorImage = state.query?.anchor.imageId ?? '';
    for (const candidate of state.query?.candidates ?? []) {
      const tile = document.createElement('figure');
      tile.className = 'tile';
      tile.dataset.index = String(candidate.index);
      tile.dataset.testid = `candidate-${candidate.index}`;
      tile.innerHTML = `<canvas width="112" height="112" data-patch="${candidate.index}"></canvas>
        <figcaption><kbd>${(candidate.index + 1) % 10}</kbd> <span data-caption></span>
          <span class="change" data-change data-testid="change-${candidate.index}"></span><span class="edge" data-edge></span></figcaption>`;
      const canvas = tile.querySelector('canvas')!;
      canvas.addEventListener('click', () => {
        this.commands.dispatch({ type: 'toggleCandidate', index: candidate.index });
        this.commands.dispatch({ type: 'select', patch: candidate.index });
      });
      canvas.addEventListener('mousedown', (event) => event.button === 1 && event.preventDefault());
      canvas.addEventListener('auxclick', (event) => this.shiftClick(event, candidate.index));
      grid.append(tile);
    }
  }

  private updateGrid(state: LabellingState): void {
    const preview = answerPreview(state);
    for (const tile of this.field('grid').querySelectorAll<HTMLElement>('.tile')) {
      const index = Number(tile.dataset.index);
      const same = state.marked.includes(index);
      tile.classList.toggle('same', same);
      tile.classList.toggle('selected', state.selected === index);
      tile.setAttribute('aria-pressed', String(same));
      const change = preview.patches.find((p) => p.patch === index);
      tile.classList.toggle('relabelled', !!change && change.now !== change.after);
      tile.querySelector('[data-caption]')!.textContent = `${same ? 'same' : 'different'}${state.shifts[index] ? ' · clicked' : ''}`;
      tile.querySelector('[data-change]')!.textContent = change ? changeText(change) : '';
    }
  }

  /** The undo's confirmation: a banner that stays a few seconds; the status line keeps the same words after it. */
  private renderNotice(state: LabellingState): void {
    const banner = this.field('notice');
    banner.hidden = !state.notice;
    banner.textContent = state.notice?.text ?? '';
    if (state.notice && state.notice.id !== this.noticeShown) {
      const id = state.notice.id;
      this.noticeShown = id;
      setTimeout(() => this.commands.dispatch({ type: 'dismissNotice', id }), NOTICE_MS);
    }
  }

  private async draw(state: LabellingState): Promise<void> {
    const query = state.query;
    if (!query) return;
    const generation = ++this.generation;
    const view = (patch: StationPatch): PatchView => ({ imageId: patch.imageId, x: patch.x, y: patch.y, size: query.patchSize });
    const selected = state.selected === ANCHOR ? query.anchor : query.candidates[state.selected] ?? query.anchor;
    const patches = [query.anchor, ...query.candidates];
    let loaded: Map<string, LoadedImage>;
    try {
      const ids = [...new Set(patches.map((p) => p.imageId))];
      loaded = new Map(await Promise.all(ids.map(async (id) => [id, await loadImage(this.images, id, state.overlays.mask)] as const)));
    } catch (error) {
      this.commands.dispatch({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    // A newer state started drawing while these images loaded: it draws, this one must not overwrite it.
    if (generation !== this.generation) return;
    const anchorCanvas = this.root.querySelector<HTMLCanvasElement>('[data-patch="-1"]')!;
    const anchorEdge = drawPatch(anchorCanvas, loaded.get(query.anchor.imageId)!, view(query.anchor), state.opacity);
    this.text('anchor-edge', anchorEdge ? EDGE_NOTE : '');
    const anchorClick = state.shifts[ANCHOR];
    if (anchorClick) drawShiftMarker(anchorCanvas, view(query.anchor), anchorClick);
    let edges = anchorEdge ? 1 : 0;
    for (const candidate of query.candidates) {
      const tile = this.root.querySelector<HTMLElement>(`.grid .tile[data-index="${candidate.index}"]`);
      const canvas = tile?.querySelector('canvas');
      if (!tile || !canvas) continue;
      const edge = drawPatch(canvas, loaded.get(candidate.imageId)!, view(candidate), state.opacity);
      tile.querySelector('[data-edge]')!.textContent = edge ? EDGE_NOTE : '';
      edges += edge ? 1 : 0;
      const click = state.shifts[candidate.index];
      if (click) drawShiftMarker(canvas, view(candidate), click);
    }
    this.text('edge-note', edges > 0
      ? `${edges} of these patches reach past the image's edge: beyond the dashed line the image is mirrored, as the model sees it (reflect padding).`
      : '');
    this.text('image-title', `${state.selected === ANCHOR ? 'Anchor' : `Candidate ${state.selected + 1}`} in its image`);
    const whole = { ...loaded.get(selected.imageId)!, layers: await this.modelLayers(state, selected.imageId, query.modelVersion) };
    if (generation !== this.generation) return;
    drawImageWithPatch(this.field<HTMLCanvasElement>('image'), whole, view(selected), state.opacity);
  }

  private async modelLayers(state: LabellingState, imageId: string, version: string): Promise<HTMLCanvasElement[]> {
    const wanted = (['heatmap', 'uncertainty'] as const).filter((overlay) => state.overlays[overlay]);
    const [maps, refined] = await Promise.all([
      Promise.all(wanted.map((overlay) => this.images.modelMap(imageId, version, overlay === 'heatmap' ? 'probability' : 'uncertainty'))),
      state.overlays.refined ? this.images.refinedMask(imageId, version) : Promise.resolve(null),
    ]);
    const missing = maps.some((map) => map === null);
    const noRefined = state.overlays.refined && refined === null;
    this.text('map-note', [
      missing ? `Model ${version} has not mapped this image yet.` : '',
      noRefined ? 'No refined mask of this image yet: the Miner proposes one for every image after each training round.' : '',
    ].filter(Boolean).join(' '));
    this.text('refined-round', refined?.dataset.round ?? '–');
    // The Miner maps shown images right after buffering their queries, and refines every image after a round: look
    // again shortly while the screen is unchanged.
    if (missing || noRefined) setTimeout(() => this.state === state && void this.draw(state), 2000);
    const range = maps[wanted.indexOf('uncertainty')]?.range ?? null;
    this.text('uncertainty-min', range ? `${inUnits(range.min).toFixed(2)} bits` : '–');
    this.text('uncertainty-max', range ? `${inUnits(range.max).toFixed(2)} bits` : '–');
    this.text('uncertainty-scale', range ? uncertaintyLegendText(range) : 'waiting for the map…');
    return [...(refined ? [refined] : []), ...maps.filter((map): map is ModelMap => map !== null).map((map) => map.layer)];
  }

  private shiftClick(event: MouseEvent, patch: number): void {
    const query = this.state?.query;
    if (event.button !== 1 || !query) return;
    event.preventDefault();
    const target = patch === ANCHOR ? query.anchor : query.candidates[patch];
    if (!target) return;
    const pixel = pixelAt(event.target as HTMLCanvasElement, event, { imageId: target.imageId, x: target.x, y: target.y, size: query.patchSize });
    this.commands.dispatch({ type: 'shift', patch, ...pixel });
  }

  private field<T extends HTMLElement = HTMLElement>(name: string): T {
    return this.root.querySelector<T>(`[data-field="${name}"]`)!;
  }

  private text(name: string, value: string): void {
    this.field(name).textContent = value;
  }
}
