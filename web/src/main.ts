import './styles.css';
import { authFetch, canRetrain, claimsOf, signIn, signOut, takeTokenFromUrl, token } from './auth';
import type { ProjectStatus } from './labelling/contracts';
import { StationHub } from './labelling/hub';
import { answerOf, initialState, keyCommand, reduce, type Action, type LabellingState } from './labelling/state';
import { ImageStore } from './view/images';
import { showAudit } from './view/audit';
import { StationScreen } from './view/station';
import { showProgress } from './view/progress';

const app = document.querySelector<HTMLElement>('#app')!;
const params = new URLSearchParams(location.search);
const projectId = params.get('project');
takeTokenFromUrl();
const signedIn = claimsOf(token());

if (!signedIn || (signedIn.expiresAt && signedIn.expiresAt < new Date())) {
  showSignIn(app, signedIn ? 'Your token has expired.' : '');
} else if (!projectId) {
  void showProjectPicker(app);
} else if (params.get('view') === 'audit') {
  void showAudit(app, projectId, new ImageStore());
} else {
  void runStation(app, projectId, params.get('station') || `station-${Math.random().toString(36).slice(2, 6)}`);
}

/** No token yet (or an expired one): paste one. Tokens come from the plant's identity provider, or `dr token` locally. */
function showSignIn(container: HTMLElement, why: string): void {
  container.innerHTML = `<section class="picker"><h1>DefectRefine labelling</h1><form>
      <label>Access token <input name="token" required autocomplete="off" /></label>
      <button type="submit">Sign in</button></form>
      <p>Ask your administrator for a token and a role in this project (locally: <code>./dr token --user NAME --role labeller --project-role PROJECT:labeller</code>).</p>
      <p data-field="message"></p></section>`;
  container.querySelector('[data-field="message"]')!.textContent = why;
  container.querySelector('form')!.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (container.querySelector('input[name="token"]') as HTMLInputElement).value;
    if (!claimsOf(value)) {
      container.querySelector('[data-field="message"]')!.textContent = 'That is not a token.';
      return;
    }
    signIn(value);
    location.reload();
  });
}

/** The station: one hub connection, one state, every change rendered; asks for the next query whenever it has none. */
async function runStation(container: HTMLElement, project: string, station: string): Promise<void> {
  let state: LabellingState = initialState;
  const images = new ImageStore();
  let asking = false;

  const dispatch = (action: Action): void => {
    state = reduce(state, action);
    screen.render(state);
  };

  const askForQuery = async (): Promise<void> => {
    if (asking || state.query || !hub.connected || state.status?.phase !== 'Labelling' || state.status.paused) return;
    asking = true;
    try {
      dispatch({ type: 'next', result: await hub.nextQuery() });
    } catch (error) {
      dispatch({ type: 'error', message: describe(error) });
    } finally {
      asking = false;
    }
  };

  const hub = new StationHub(location.origin, project, station, {
    status: (status) => {
      dispatch({ type: 'status', status });
      void askForQuery();
    },
    training: (training) => dispatch({ type: 'training', training }),
    queriesAvailable: () => void askForQuery(),
    connection: (connection) => {
      dispatch({ type: 'connection', state: connection });
      if (connection === 'connected') void askForQuery();
    },
  });

  const submit = async (): Promise<void> => {
    const answer = answerOf(state);
    if (!answer || state.submitting) return;
    const touched = [state.query!.anchor, ...state.query!.candidates].map((p) => p.imageId);
    dispatch({ type: 'submitting' });
    try {
      const receipt = await hub.answer(answer);
      if (receipt.accepted) images.forgetMasks(touched);
      dispatch({ type: 'answered', receipt });
      void askForQuery();
    } catch (error) {
      dispatch({ type: 'error', message: describe(error) });
    }
  };

  const undo = async (): Promise<void> => {
    try {
      const receipt = await hub.undo();
      if (receipt.undone) images.forgetMasks(receipt.imagesRestored ?? []);
      dispatch({ type: 'undone', receipt });
    } catch (error) {
      dispatch({ type: 'error', message: describe(error) });
    }
  };

  const retrain = async (): Promise<void> => {
    const response = await authFetch(`/api/projects/${project}/retrain`, { method: 'POST', headers: { 'X-Station': station } });
    if (!response.ok) dispatch({ type: 'error', message: ((await response.json()) as { detail?: string }).detail ?? `Retrain refused (${response.status}).` });
  };

  const screen = new StationScreen(container, images, { dispatch, submit: () => void submit(), undo: () => void undo(), retrain: () => void retrain() }, station, canRetrain(signedIn));
  screen.render(state);
  showProgress(container, project);

  document.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
    const command = keyCommand(event.key, state);
    if (!command) return;
    event.preventDefault();
    if (command.type === 'submit') void submit();
    else if (command.type === 'undo') void undo();
    else dispatch(command);
  });

  try {
    dispatch({ type: 'status', status: await hub.start() });
    await askForQuery();
  } catch (error) {
    dispatch({ type: 'connection', state: 'disconnected' });
    dispatch({ type: 'error', message: `Could not join project ${project}: ${describe(error)}` });
  }
}

/** Without ?project=…: pick a project and name this station; the token says who is labelling. */
async function showProjectPicker(container: HTMLElement): Promise<void> {
  container.innerHTML = `<section class="picker"><h1>DefectRefine labelling</h1><form>
      <label>Project <select name="project" required></select></label>
      <label>Station <input name="station" required maxlength="100" value="station-1" /></label>
      <button type="submit">Start labelling</button></form><p data-field="who"></p><p data-field="message"></p>
      <button type="button" data-action="sign-out">Sign out</button></section>`;
  container.querySelector('[data-field="who"]')!.textContent = `Signed in as ${signedIn!.user} (${signedIn!.roles.join(', ')}).`;
  container.querySelector('[data-action="sign-out"]')!.addEventListener('click', () => {
    signOut();
    location.reload();
  });
  const select = container.querySelector('select')!;
  try {
    const response = await authFetch('/api/projects');
    if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${response.status}`);
    const projects = (await response.json()) as ProjectStatus[];
    for (const project of projects) select.append(new Option(`${project.name} — session ${project.session}, ${project.phase.toLowerCase()}`, project.projectId));
    if (projects.length === 0) container.querySelector('[data-field="message"]')!.textContent = 'No projects yet: create one (./scripts/demo.sh does).';
  } catch (error) {
    container.querySelector('[data-field="message"]')!.textContent = `Could not list projects: ${describe(error)}`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.replace(/^An unexpected error occurred invoking '\w+' on the server\. ?/, '') || 'The server failed.' : String(error);
}
