// How the model's maps become colours, and what their legends say. Pure (typed arrays in, typed arrays out), so the
// scales are unit-tested without a browser.

/** The Miner's maps are 8-bit: 255 is probability 1, or 1 bit of entropy (the most a yes/no answer can carry). */
export const FULL_SCALE = 255;

export interface ValueRange {
  /** Smallest and largest map value in the image, 0–255. */
  min: number;
  max: number;
}

/** The range of the gray values of an RGBA pixel buffer (its red channel; the maps are gray). */
export function valueRange(rgba: Uint8ClampedArray): ValueRange {
  let min = FULL_SCALE;
  let max = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const v = rgba[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return rgba.length === 0 ? { min: 0, max: 0 } : { min, max };
}

/**
 * A value's place, 0–1, in the image's own range. An image's uncertainty spans a small part of 0–1 bit (most pixels
 * near 0, a thin rim near the defects higher), so on the absolute scale everything looks alike; stretched to the
 * image's own min–max the full colour range shows where the model is less and more sure, and the legend prints the
 * real numbers. A flat map has no differences to show: it maps to 0.
 */
export function stretch(value: number, range: ValueRange): number {
  const span = range.max - range.min;
  return span <= 0 ? 0 : Math.min(1, Math.max(0, (value - range.min) / span));
}

// Viridis (matplotlib), sampled at 9 stops: perceptually uniform and readable with the common colour-vision deficiencies.
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** The probability's colour: one warm hue whose opacity is the probability itself (absolute scale, 0 clear, 1 solid). */
export const PROBABILITY_RGB: [number, number, number] = [255, 170, 0];

/** Colours a probability map in place: absolute, because a probability means the same in every image. */
export function colourProbability(rgba: Uint8ClampedArray): void {
  for (let i = 0; i < rgba.length; i += 4) {
    const v = rgba[i]!;
    rgba[i] = PROBABILITY_RGB[0];
    rgba[i + 1] = PROBABILITY_RGB[1];
    rgba[i + 2] = PROBABILITY_RGB[2];
    rgba[i + 3] = v;
  }
}

/**
 * Colours an uncertainty map in place through viridis stretched to its own range; opacity follows the same stretch so
 * the image stays visible where the model is surest. Returns the range, for the legend.
 */
export function colourUncertainty(rgba: Uint8ClampedArray): ValueRange {
  const range = valueRange(rgba);
  for (let i = 0; i < rgba.length; i += 4) {
    const t = stretch(rgba[i]!, range);
    const [r, g, b] = viridis(t);
    rgba[i] = r;
    rgba[i + 1] = g;
    rgba[i + 2] = b;
    rgba[i + 3] = Math.round(FULL_SCALE * t);
  }
  return range;
}

/** A map value in its unit: probability 0–1 or entropy in bits 0–1. */
export function inUnits(value: number): number {
  return value / FULL_SCALE;
}

/** CSS gradient stops of the uncertainty legend, matching {@link colourUncertainty}. */
export function uncertaintyGradient(steps = 8): string {
  const stops = Array.from({ length: steps + 1 }, (_, k) => {
    const t = k / steps;
    const [r, g, b] = viridis(t);
    return `rgba(${r}, ${g}, ${b}, ${t.toFixed(3)}) ${(t * 100).toFixed(1)}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

export function probabilityGradient(): string {
  const [r, g, b] = PROBABILITY_RGB;
  return `linear-gradient(to right, rgba(${r}, ${g}, ${b}, 0), rgba(${r}, ${g}, ${b}, 1))`;
}

/** "0.02–0.61 bits (this image's range; full scale 0–1 bit)". */
export function uncertaintyLegendText(range: ValueRange): string {
  const lo = inUnits(range.min).toFixed(2);
  const hi = inUnits(range.max).toFixed(2);
  return range.max <= range.min
    ? `${hi} bits everywhere in this image (full scale 0–1 bit)`
    : `colours span this image's range, ${lo}–${hi} bits (full scale 0–1 bit)`;
}
