import { authFetch } from '../auth';
import { colourProbability, colourUncertainty, type ValueRange } from './overlayScale';
import { crossesEdge, imageEdges, patchOrigin, reflectWindow } from './reflect';

/** A model map ready to draw, and for uncertainty the image's own range its colours span (for the legend). */
export interface ModelMap {
  layer: HTMLCanvasElement;
  range: ValueRange | null;
}

/**
 * Image pixels and current masks, fetched once per image (masks again after an answer changed them), drawn crisp:
 * an expert judges single pixels, so nothing is ever smoothed when enlarged.
 */
export class ImageStore {
  private readonly images = new Map<string, Promise<HTMLImageElement>>();
  private readonly masks = new Map<string, Promise<HTMLCanvasElement>>();
  private readonly maps = new Map<string, Promise<ModelMap | null>>();
  private readonly refined = new Map<string, Promise<HTMLCanvasElement | null>>();

  image(imageId: string): Promise<HTMLImageElement> {
    let image = this.images.get(imageId);
    if (!image) {
      image = load(`/api/images/${imageId}/grayscale`);
      this.images.set(imageId, image);
      image.catch(() => this.images.delete(imageId));
    }
    return image;
  }

  /** The current mask as a red, transparent-elsewhere layer of the image's size. */
  mask(imageId: string): Promise<HTMLCanvasElement> {
    let mask = this.masks.get(imageId);
    if (!mask) {
      mask = load(`/api/images/${imageId}/mask?t=${Date.now()}`).then(tint);
      this.masks.set(imageId, mask);
      mask.catch(() => this.masks.delete(imageId));
    }
    return mask;
  }

  /**
   * The model's probability (one warm hue, opacity = probability, absolute 0–1) or uncertainty (viridis stretched to
   * the image's own range, see overlayScale.ts) over the image; null while the Miner has not computed it for this model.
   */
  modelMap(imageId: string, version: string, kind: 'probability' | 'uncertainty'): Promise<ModelMap | null> {
    const key = `${version}/${imageId}/${kind}`;
    let map = this.maps.get(key);
    if (!map) {
      map = load(`/api/images/${imageId}/model-map?version=${encodeURIComponent(version)}&kind=${kind}`)
        .then((image) => {
          const { canvas, context, pixels } = pixelsOf(image);
          const range = kind === 'probability' ? (colourProbability(pixels.data), null) : colourUncertainty(pixels.data);
          context.putImageData(pixels, 0, 0);
          return { layer: canvas, range };
        })
        .catch(() => {
          this.maps.delete(key);
          return null;
        });
      this.maps.set(key, map);
    }
    return map;
  }

  /**
   * The model's refined mask (its latest proposal, from the newest training round) as a cyan layer; null while no round
   * has proposed one. Kept per model version: a new round's model proposes a new one.
   */
  refinedMask(imageId: string, version: string): Promise<HTMLCanvasElement | null> {
    const key = `${version}/${imageId}`;
    let mask = this.refined.get(key);
    if (!mask) {
      const url = `/api/images/${imageId}/refined-mask?v=${encodeURIComponent(version)}`;
      mask = authFetch(url)
        .then(async (response) => {
          if (!response.ok) return null;
          const layer = tint(await decode(await response.blob(), url), REFINED_RGB);
          // Which round proposed it, for the legend.
          layer.dataset.round = response.headers.get('X-Refined-Round') ?? '';
          return layer;
        })
        .catch(() => null)
        .then((layer) => {
          // Not there yet (404) or not loaded: ask again next time rather than remember the absence.
          if (!layer) this.refined.delete(key);
          return layer;
        });
      this.refined.set(key, mask);
    }
    return mask;
  }

  /** A historic mask (auditor view), red like the current one. */
  maskAt(imageId: string, version: number): Promise<HTMLCanvasElement> {
    return load(`/api/images/${imageId}/history/mask?version=${version}`).then(tint);
  }

  forgetMasks(imageIds: Iterable<string>): void {
    for (const id of imageIds) this.masks.delete(id);
  }
}

export interface PatchView {
  imageId: string;
  x: number;
  y: number;
  size: number;
}

/** An image and, when shown, its mask layer, loaded before anything is drawn so that drawing is never interleaved. */
export interface LoadedImage {
  image: HTMLImageElement;
  mask: HTMLCanvasElement | null;
  /** Model maps drawn over the whole-image view (not over patches, which stay readable). */
  layers: HTMLCanvasElement[];
}

export async function loadImage(store: ImageStore, imageId: string, withMask: boolean): Promise<LoadedImage> {
  const [image, mask] = await Promise.all([store.image(imageId), withMask ? store.mask(imageId) : Promise.resolve(null)]);
  return { image, mask, layers: [] };
}

/**
 * Draws the patch enlarged to the canvas as the model sees it: mirrored beyond the image's edge (the model's reflect
 * padding, never black), the mask likewise, a dashed line where the image ends. Returns whether the patch crosses an
 * edge, for the caption that says so.
 */
export function drawPatch(canvas: HTMLCanvasElement, loaded: LoadedImage, patch: PatchView, opacity: number): boolean {
  const context = canvas.getContext('2d');
  if (!context) return false;
  const { left, top } = patchOrigin(patch.x, patch.y, patch.size);
  const width = loaded.image.naturalWidth;
  const height = loaded.image.naturalHeight;
  context.imageSmoothingEnabled = false;
  context.globalAlpha = 1;
  context.drawImage(reflected(loaded.image, left, top, patch.size), 0, 0, canvas.width, canvas.height);
  if (loaded.mask) {
    context.globalAlpha = opacity;
    context.drawImage(reflected(loaded.mask, left, top, patch.size), 0, 0, canvas.width, canvas.height);
    context.globalAlpha = 1;
  }
  const scale = canvas.width / patch.size;
  const edges = imageEdges(patch.x, patch.y, patch.size, width, height);
  if (crossesEdge(edges)) {
    // Dashed in two colours so the line shows on dark and bright pixels alike.
    context.lineWidth = 2;
    for (const [colour, offset] of [['#000', 0], ['#fff', 4]] as const) {
      context.strokeStyle = colour;
      context.setLineDash([4, 4]);
      context.lineDashOffset = offset;
      context.beginPath();
      for (const x of [edges.left, edges.right]) if (x !== null) { context.moveTo(x * scale, 0); context.lineTo(x * scale, canvas.height); }
      for (const y of [edges.top, edges.bottom]) if (y !== null) { context.moveTo(0, y * scale); context.lineTo(canvas.width, y * scale); }
      context.stroke();
    }
    context.setLineDash([]);
  }
  // The centre pixel is what a centre-pixel answer labels: mark it.
  context.strokeStyle = '#ffd400';
  context.lineWidth = 1;
  context.strokeRect(Math.floor(patch.size / 2) * scale + 0.5, Math.floor(patch.size / 2) * scale + 0.5, scale - 1, scale - 1);
  return crossesEdge(edges);
}

// Pixel buffers of images and masks, read once per source (canvas reads are slow; a query shows 11 patches of a few images).
const buffers = new WeakMap<CanvasImageSource, ImageData>();

/** The size x size patch of a source whose top-left is (left, top), reflected beyond its edges, on a canvas of that size. */
function reflected(source: HTMLImageElement | HTMLCanvasElement, left: number, top: number, size: number): HTMLCanvasElement {
  let data = buffers.get(source);
  if (!data) {
    data = pixelsOf(source).pixels;
    buffers.set(source, data);
  }
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const patch = new ImageData(size, size);
  patch.data.set(reflectWindow(data.data, data.width, data.height, left, top, size));
  canvas.getContext('2d')!.putImageData(patch, 0, 0);
  return canvas;
}

/** Marks a defect click on a patch canvas: the pixel the patch's centre is shifted onto. */
export function drawShiftMarker(canvas: HTMLCanvasElement, patch: PatchView, click: { x: number; y: number }): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const scale = canvas.width / patch.size;
  const cx = (click.x - (patch.x - Math.floor(patch.size / 2)) + 0.5) * scale;
  const cy = (click.y - (patch.y - Math.floor(patch.size / 2)) + 0.5) * scale;
  context.strokeStyle = '#00e5ff';
  context.lineWidth = 2;
  context.beginPath();
  context.arc(cx, cy, Math.max(4, scale * 1.5), 0, 2 * Math.PI);
  context.moveTo(cx - scale * 3, cy);
  context.lineTo(cx + scale * 3, cy);
  context.moveTo(cx, cy - scale * 3);
  context.lineTo(cx, cy + scale * 3);
  context.stroke();
}

/** Draws the whole image fitted to the canvas's width, the mask over it, and the patch boxed. */
export function drawImageWithPatch(canvas: HTMLCanvasElement, loaded: LoadedImage, patch: PatchView, opacity: number): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = loaded.image;
  const scale = Math.max(1, Math.floor(Math.min(canvas.parentElement?.clientWidth || 480, 720) / image.naturalWidth));
  canvas.width = image.naturalWidth * scale;
  canvas.height = image.naturalHeight * scale;
  context.imageSmoothingEnabled = false;
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  context.globalAlpha = opacity;
  for (const layer of [...(loaded.mask ? [loaded.mask] : []), ...loaded.layers])
    context.drawImage(layer, 0, 0, canvas.width, canvas.height);
  context.globalAlpha = 1;
  context.strokeStyle = '#ffd400';
  context.lineWidth = 2;
  context.strokeRect((patch.x - Math.floor(patch.size / 2)) * scale, (patch.y - Math.floor(patch.size / 2)) * scale, patch.size * scale, patch.size * scale);
}

/** The image pixel under a mouse event on a patch canvas. */
export function pixelAt(canvas: HTMLCanvasElement, event: MouseEvent, patch: PatchView): { x: number; y: number } {
  const box = canvas.getBoundingClientRect();
  const scale = box.width / patch.size;
  return {
    x: patch.x - Math.floor(patch.size / 2) + Math.floor((event.clientX - box.left) / scale),
    y: patch.y - Math.floor(patch.size / 2) + Math.floor((event.clientY - box.top) / scale),
  };
}

/** Fetched with the bearer token (an <img src> cannot carry it), then decoded from the bytes. */
async function load(url: string): Promise<HTMLImageElement> {
  const response = await authFetch(url);
  if (!response.ok) throw new Error(`Could not load ${url}: ${response.status}`);
  return decode(await response.blob(), url);
}

async function decode(blob: Blob, url: string): Promise<HTMLImageElement> {
  const objectUrl = URL.createObjectURL(blob);
  try {
    return await new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => resolve(image);
      image.onerror = () => reject(new Error(`Could not decode ${url}`));
      image.src = objectUrl;
    });
  } finally {
    URL.revokeObjectURL(objectUrl);
  }
}

/** The mask colour: red, fully opaque where the mask says defect, clear elsewhere (the legend says the same). */
export const MASK_RGB: [number, number, number] = [255, 40, 40];

/** The refined mask's colour: cyan, apart from the expert's red where both are shown. */
export const REFINED_RGB: [number, number, number] = [0, 200, 255];

function tint(mask: HTMLImageElement, rgb: [number, number, number] = MASK_RGB): HTMLCanvasElement {
  const { canvas, context, pixels } = pixelsOf(mask);
  const [r, g, b] = rgb;
  for (let i = 0; i < pixels.data.length; i += 4) {
    const value = pixels.data[i]!;
    pixels.data[i] = r;
    pixels.data[i + 1] = g;
    pixels.data[i + 2] = b;
    pixels.data[i + 3] = value > 127 ? 255 : 0;
  }
  context.putImageData(pixels, 0, 0);
  return canvas;
}

/** A source drawn onto a canvas of its own size, and its pixels. */
function pixelsOf(source: HTMLImageElement | HTMLCanvasElement): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D; pixels: ImageData } {
  const canvas = document.createElement('canvas');
  canvas.width = source instanceof HTMLImageElement ? source.naturalWidth : source.width;
  canvas.height = source instanceof HTMLImageElement ? source.naturalHeight : source.height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, 0, 0);
  return { canvas, context, pixels: context.getImageData(0, 0, canvas.width, canvas.height) };
}
