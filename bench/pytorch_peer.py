#!/usr/bin/env python3
"""PyTorch peer of `./dr bench learning`: the same patch model, batch, loss and measurements in PyTorch.

It exists to compare TorchSharp with PyTorch on one machine. It is not part of the build and CI does not run it
(nor install PyTorch).

Install (Debian; not done by CI):

    sudo apt-get install -y python3-torch      # Debian's CPU build of PyTorch; brings python3-numpy

Run both side by side, on an otherwise idle machine:

    ./dr bench learning --json > torchsharp.json
    python3 bench/pytorch_peer.py --json > pytorch.json
    # or quicker: add --no-phase --memory-steps 0 to both

Both print one JSON object with the same keys (framework, device, threads, params, patch_size, batch,
train_step_ms, infer_patches_per_s, dense_ms_200x200, dense_ms_1600x256, phase_s, phase_steps, phase_stop,
rss_mb_after_100_steps, rss_mb_after_steps, memory_steps, peak_rss_mb, machine); this one adds "version".
Both take --width, --patch, --embedding, --batch, --steps, --memory-steps and --no-phase with the same defaults.
`python3 bench/pytorch_peer.py --check` verifies the architecture instead (parameter count, shapes, and that the
dense map equals patch-by-patch classification).

If `python3` is not the interpreter that has torch (e.g. a pyenv shim in front of Debian's), the script re-runs
itself under /usr/bin/python3 when that one has it.

What it mirrors (libs/DefectRefine.Learning and tools/Dr/Bench/LearningBenchmark.cs):
- PatchNet: input [N,1,H,W] in [0,1], (x-0.5)*4; stem Conv 4x4/2 (no bias)+BN+ReLU, 2 unpadded bottlenecks at W,
  Conv 2x2/2 to 2W (no bias)+BN+ReLU, 2 bottlenecks at 2W; neck Conv kernel FeatureSide+BN+ReLU; heads 1x1 conv to
  2 logits and to d embedding channels, L2-normalised over channels.
- Loss: cross-entropy + batch-hard triplet loss on squared distances (hardest positive, closest semi-hard negative
  within the margin else hardest negative), margin 0.2. Adam lr 1e-3, random horizontal/vertical flips.
- train_step_ms: median of the timed steps after 5 warm-up steps; a step is tensor creation, flips, forward, loss,
  backward, Adam step and reading the loss values back; sampling and patch extraction are not timed.
- infer_patches_per_s: 4,096 patches, eval mode, no_grad, batches of 512 incl. tensor creation, softmax and copying
  out; 1 warm-up pass then the median of 3.
- dense_ms*: reflect-101 padding, one forward pass over the padded image (in bands of at most 2,000,000 pixels),
  defect-logit difference, bilinear upsampling of the stride-4 grid, sigmoid, entropy; median of 5 after 1 warm-up.
- phase_s: a default training phase from a fresh model (max 400 steps, min 60, convergence window 30, tolerance 1%).
- rss_mb_after_100_steps / rss_mb_after_steps: resident memory after 100 and after --memory-steps further steps.
- peak_rss_mb: ru_maxrss at the end.
"""

import argparse
import gc
import json
import os
import platform
import resource
import sys
import time

_DEBIAN_PYTHON = "/usr/bin/python3"
_REEXEC_FLAG = "DR_PYTORCH_PEER_REEXEC"

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as _missing:
    if (os.environ.get(_REEXEC_FLAG) is None and os.path.exists(_DEBIAN_PYTHON)
            and os.path.realpath(sys.executable) != os.path.realpath(_DEBIAN_PYTHON)):
        os.environ[_REEXEC_FLAG] = "1"
        try:
            os.execv(_DEBIAN_PYTHON, [_DEBIAN_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])
        except OSError:
            pass
    sys.stderr.write(
        f"pytorch_peer: {_missing}. This benchmark needs PyTorch and numpy; on Debian install them with\n"
        "  sudo apt-get install -y python3-torch\n"
        "(CI does not install them; the C# benchmark `./dr bench learning` does not need them).\n")
    sys.exit(2)

OUTPUT_STRIDE = 4
INFERENCE_BATCH = 512
MAX_PIXELS_PER_PASS = 2_000_000
WARMUP_STEPS = 5
MARGIN = 0.2
LEARNING_RATE = 1e-3
PIXEL_MEAN = 0.5
PIXEL_SCALE = 4.0


# ---------------------------------------------------------------------------------------------------------- model

def feature_side_for(input_side):
    """PatchModelConfig.FeatureSideFor: the trunk's valid convolutions."""
    side = (input_side - 4) // 2 + 1
    side -= 4
    side = (side - 2) // 2 + 1
    return side - 4


def validate_config(width, patch, embedding):
    if patch < 30 or patch > 256 or patch % 2 != 0:
        raise ValueError(f"Patch size must be even and in [30, 256], not {patch}.")
    if embedding < 2 or embedding > 1024:
        raise ValueError(f"Embedding size must be in [2, 1024], not {embedding}.")
    if width < 4 or width > 256 or width % 2 != 0:
        raise ValueError(f"Width must be even and in [4, 256], not {width}.")


class Bottleneck(nn.Module):
    """1x1 reduce, unpadded 3x3, 1x1 expand; the shortcut is cropped by one pixel a side."""

    def __init__(self, channels):
        super().__init__()
        inner = channels // 2
        self.reduce = nn.Conv2d(channels, inner, 1, bias=False)
        self.reduce_norm = nn.BatchNorm2d(inner)
        self.spatial = nn.Conv2d(inner, inner, 3, bias=False)
        self.spatial_norm = nn.BatchNorm2d(inner)
        self.expand = nn.Conv2d(inner, channels, 1, bias=False)
        self.expand_norm = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = F.relu(self.reduce_norm(self.reduce(x)))
        y = F.relu(self.spatial_norm(self.spatial(y)))
        y = self.expand_norm(self.expand(y))
        return F.relu(y + x[:, :, 1:-1, 1:-1])


class PatchNet(nn.Module):
    def __init__(self, width=32, patch=32, embedding=64):
        super().__init__()
        validate_config(width, patch, embedding)
        narrow, wide = width, width * 2
        self.trunk = nn.Sequential()
        self.trunk.add_module("stem", nn.Conv2d(1, narrow, 4, stride=2, bias=False))
        self.trunk.add_module("stem_norm", nn.BatchNorm2d(narrow))
        self.trunk.add_module("stem_relu", nn.ReLU())
        self.trunk.add_module("block1", Bottleneck(narrow))
        self.trunk.add_module("block2", Bottleneck(narrow))
        self.trunk.add_module("down", nn.Conv2d(narrow, wide, 2, stride=2, bias=False))
        self.trunk.add_module("down_norm", nn.BatchNorm2d(wide))
        self.trunk.add_module("down_relu", nn.ReLU())
        self.trunk.add_module("block3", Bottleneck(wide))
        self.trunk.add_module("block4", Bottleneck(wide))
        self.neck = nn.Sequential()
        self.neck.add_module("conv", nn.Conv2d(wide, wide, feature_side_for(patch), bias=False))
        self.neck.add_module("norm", nn.BatchNorm2d(wide))
        self.neck.add_module("relu", nn.ReLU())
        self.labelHead = nn.Conv2d(wide, 2, 1)
        self.embeddingHead = nn.Conv2d(wide, embedding, 1)

    def forward(self, x):
        features = self.neck(self.trunk((x - PIXEL_MEAN) * PIXEL_SCALE))
        logits = self.labelHead(features)
        embedding = F.normalize(self.embeddingHead(features), p=2, dim=1)
        return logits, embedding


def expected_parameters(width, patch, embedding):
    """The parameter count worked out by hand from the architecture (BatchNorm: weight and bias; stats are buffers)."""
    def conv(cin, cout, k, bias=False):
        return cin * cout * k * k + (cout if bias else 0)

    def bn(c):
        return 2 * c

    def bottleneck(c):
        inner = c // 2
        return conv(c, inner, 1) + bn(inner) + conv(inner, inner, 3) + bn(inner) + conv(inner, c, 1) + bn(c)

    w, ww = width, 2 * width
    return (conv(1, w, 4) + bn(w) + 2 * bottleneck(w) + conv(w, ww, 2) + bn(ww) + 2 * bottleneck(ww)
            + conv(ww, ww, feature_side_for(patch)) + bn(ww) + conv(ww, 2, 1, True) + conv(ww, embedding, 1, True))


def create_model(width, patch, embedding, device, seed):
    # Like PatchModel.Create: weights come from torch's global generator, seeded.
    torch.manual_seed(seed)
    return PatchNet(width, patch, embedding).to(device)


# ----------------------------------------------------------------------------------------------------------- loss

def squared_distances(embeddings):
    squared = embeddings.pow(2).sum(1, keepdim=True)
    distances = squared + squared.t() - 2 * embeddings.matmul(embeddings.t())
    return distances.clamp_min(0)


def mine(distances, labels, margin):
    with torch.no_grad():
        d = distances.detach()
        n = d.shape[0]
        same = labels.unsqueeze(1).eq(labels.unsqueeze(0))
        not_self = torch.eye(n, dtype=torch.bool, device=d.device).logical_not()
        positive = same.logical_and(not_self)
        negative = same.logical_not()
        hardest_positive = torch.where(positive, d, torch.full_like(d, -1.0)).max(1)
        ap = hardest_positive.values.unsqueeze(1)
        semi_hard = negative.logical_and(d.gt(ap)).logical_and(d.lt(ap + margin))
        inf = float("inf")
        closest_semi_hard = torch.where(semi_hard, d, torch.full_like(d, inf)).min(1)
        hardest_negative = torch.where(negative, d, torch.full_like(d, inf)).min(1)
        negative_index = torch.where(closest_semi_hard.values.isfinite(), closest_semi_hard.indices,
                                     hardest_negative.indices)
        valid = positive.any(1).logical_and(negative.any(1))
        anchors = valid.nonzero().squeeze(1)
        return anchors, hardest_positive.indices.index_select(0, anchors), negative_index.index_select(0, anchors)


def patch_loss(logits, embeddings, labels, margin, triplet_weight=1.0):
    cross_entropy = F.cross_entropy(logits, labels)
    distances = squared_distances(embeddings)
    anchors, positives, negatives = mine(distances, labels, margin)
    count = anchors.shape[0]
    if count == 0:
        triplet = torch.zeros((), device=logits.device)
    else:
        rows = distances.index_select(0, anchors)
        ap = rows.gather(1, positives.unsqueeze(1)).squeeze(1)
        an = rows.gather(1, negatives.unsqueeze(1)).squeeze(1)
        triplet = (ap - an + margin).clamp_min(0).mean()
    return cross_entropy + triplet_weight * triplet, triplet, cross_entropy, count


# ----------------------------------------------------------------------------------------------------------- data

def synthetic_defects(count, width, height, rng):
    """Like SyntheticDefects.Create: textured images (140 ± 30) with 1-3 darker (-50) ellipses and their masks."""
    images, masks = [], []
    ys, xs = np.mgrid[0:height, 0:width]
    for _ in range(count):
        value = 140 + rng.integers(-30, 31, size=(height, width))
        mask = np.zeros((height, width), dtype=bool)
        for _ in range(1 + rng.integers(3)):
            cx, cy = rng.integers(width), rng.integers(height)
            rx, ry = 4 + rng.integers(width // 8), 4 + rng.integers(height // 8)
            mask |= ((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2 <= 1
        value = np.where(mask, value - 50, value)
        images.append(np.clip(value, 0, 255).astype(np.uint8))
        masks.append(mask)
    return np.stack(images), np.stack(masks)


class PatchSource:
    """Balanced patch sampling (the interim PatchSampler) and extraction with reflect-101 borders (PatchExtractor)."""

    def __init__(self, images, masks, patch):
        self.masks = masks
        self.patch = patch
        half = patch // 2
        # Pre-padded so that a patch centred on (x, y) is padded[y : y + patch, x : x + patch].
        self.padded = np.stack([np.pad(i, half, mode="reflect") for i in images]).astype(np.float32) / 255.0
        self.offsets = np.arange(patch)

    def sample(self, count, rng, defect_fraction=0.5):
        n_images, height, width = self.masks.shape
        want_defect = int(round(count * defect_fraction))
        chosen = {True: [], False: []}
        wanted = {True: want_defect, False: count - want_defect}
        tries = 0
        while len(chosen[True]) < wanted[True] or len(chosen[False]) < wanted[False]:
            k, y, x = rng.integers(n_images, size=count), rng.integers(height, size=count), rng.integers(width, size=count)
            labels = self.masks[k, y, x]
            tries += count
            for label in (True, False):
                need = wanted[label] - len(chosen[label])
                if need > 0:
                    hit = np.flatnonzero(labels == label)[:need]
                    chosen[label].extend(zip(k[hit], y[hit], x[hit]))
            if tries >= count * 200:  # like the C# sampler: give up on the balance, take what comes
                rest = count - len(chosen[True]) - len(chosen[False])
                for j in range(rest):
                    chosen[bool(labels[j])].append((k[j], y[j], x[j]))
                break
        centres = np.array(chosen[True] + chosen[False], dtype=np.int64).reshape(-1, 3)
        labels = np.array([1] * len(chosen[True]) + [0] * len(chosen[False]), dtype=np.int64)
        order = rng.permutation(len(labels))
        return centres[order], labels[order]

    def sample_pool(self, count, rng):
        n_images, height, width = self.masks.shape
        return np.stack([rng.integers(n_images, size=count), rng.integers(height, size=count),
                         rng.integers(width, size=count)], axis=1)

    def extract(self, centres):
        """[N, 3] (image, y, x) -> float32 [N, patch*patch] in [0, 1]."""
        k, y, x = centres[:, 0], centres[:, 1], centres[:, 2]
        o = self.offsets
        patches = self.padded[k[:, None, None], y[:, None, None] + o[None, :, None], x[:, None, None] + o[None, None, :]]
        return np.ascontiguousarray(patches.reshape(len(centres), -1))


# ------------------------------------------------------------------------------------------------------- training

def train(net, source, device, batch, max_steps, min_steps=60, window=30, tolerance=0.01, seed=1, progress=None):
    """PatchTrainer.Train: returns (steps, stopped_by, seconds); progress(step, step_ms) after every step."""
    rng = np.random.default_rng(seed)
    side = source.patch
    net.train()
    optimizer = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE)
    losses = []
    stop = "StepBudget"
    started = time.perf_counter()
    step = 0
    while step < max_steps:
        centres, label_values = source.sample(batch, rng)
        pixels = source.extract(centres)

        t0 = time.perf_counter()
        n = len(label_values)
        inputs = torch.tensor(pixels).view(n, 1, side, side).to(device)
        h = torch.tensor(rng.integers(2, size=n) == 0).to(device).view(n, 1, 1, 1)
        v = torch.tensor(rng.integers(2, size=n) == 0).to(device).view(n, 1, 1, 1)
        flipped = torch.where(h, inputs.flip(3), inputs)
        inputs = torch.where(v, flipped.flip(2), flipped)
        labels = torch.tensor(label_values).to(device)
        optimizer.zero_grad()
        logits, embedding = net(inputs)
        flat = logits.flatten(1)
        total, triplet, cross_entropy, _ = patch_loss(flat, embedding.flatten(1), labels, MARGIN)
        total.backward()
        optimizer.step()
        loss = total.item()
        triplet.item()
        cross_entropy.item()
        flat.argmax(1).eq(labels).float().mean().item()
        step_ms = (time.perf_counter() - t0) * 1000.0

        step += 1
        losses.append(loss)
        if progress is not None:
            progress(step, step_ms)
        if converged(losses, min_steps, window, tolerance):
            stop = "Converged"
            break
    net.eval()
    return step, stop, time.perf_counter() - started


def converged(losses, min_steps, window, tolerance):
    if len(losses) < max(min_steps, 2 * window):
        return False
    previous = sum(losses[-2 * window:-window]) / window
    latest = sum(losses[-window:]) / window
    return previous <= 0 or (previous - latest) / previous < tolerance


# ------------------------------------------------------------------------------------------------------ inference

def predict(net, patches, count, side, embedding_size, device):
    """PatchModel.Predict: probabilities [count] and embeddings [count, d]."""
    area = side * side
    probabilities = np.empty(count, dtype=np.float32)
    embeddings = np.empty((count, embedding_size), dtype=np.float32)
    net.eval()
    with torch.no_grad():
        for start in range(0, count, INFERENCE_BATCH):
            n = min(INFERENCE_BATCH, count - start)
            inputs = torch.tensor(patches[start:start + n]).view(n, 1, side, side).to(device)
            logits, embedding = net(inputs)
            probabilities[start:start + n] = logits.flatten(1).softmax(1)[:, 1].contiguous().cpu().numpy()
            embeddings[start:start + n] = embedding.flatten(1).contiguous().cpu().numpy()
    return probabilities, embeddings


def reflect(index, length):
    """PatchExtractor.Reflect (reflect-101), vectorised over numpy indices."""
    if length == 1:
        return np.zeros_like(index)
    period = 2 * (length - 1)
    index = np.mod(index, period)
    return np.where(index < length, index, period - index)


def dense_map(net, image, patch, device):
    """DenseSegmenter.Segment: (probability, entropy), each [H, W] float32, from a uint8 image [H, W]."""
    stride = OUTPUT_STRIDE
    height, width = image.shape
    half = patch // 2
    columns = (width - 1 + stride - 1) // stride + 1
    rows = (height - 1 + stride - 1) // stride + 1
    padded_width = stride * (columns - 1) + patch
    rows_per_band = max(1, ((MAX_PIXELS_PER_PASS // padded_width) - patch) // stride + 1)
    column_source = reflect(np.arange(padded_width) - half, width)
    logits = torch.empty(rows, columns)
    net.eval()
    with torch.no_grad():
        for first_row in range(0, rows, rows_per_band):
            band_rows = min(rows_per_band, rows - first_row)
            band_height = stride * (band_rows - 1) + patch
            row_source = reflect(np.arange(band_height) + stride * first_row - half, height)
            band = image[row_source[:, None], column_source[None, :]].astype(np.float32) / 255.0
            output, _ = net(torch.tensor(band).view(1, 1, band_height, padded_width).to(device))
            if output.shape[2] != band_rows or output.shape[3] != columns:
                raise RuntimeError(f"The model gave a {output.shape[2]}x{output.shape[3]} grid for {band_rows}x{columns}.")
            logits[first_row:first_row + band_rows] = (output[0, 1] - output[0, 0]).cpu()
    return upsample(logits, rows, columns, width, height, stride)


def upsample(logits, rows, columns, width, height, stride):
    """Bilinear interpolation of the grid (point (i, j) is pixel (stride*j, stride*i)), sigmoid and entropy (bits)."""
    y = torch.arange(height)
    x = torch.arange(width)
    gy = torch.clamp(y // stride, max=rows - 1)
    gx = torch.clamp(x // stride, max=columns - 1)
    fy = ((y - gy * stride).float() / stride).unsqueeze(1)
    fx = ((x - gx * stride).float() / stride).unsqueeze(0)
    gy1 = torch.clamp(gy + 1, max=rows - 1)
    gx1 = torch.clamp(gx + 1, max=columns - 1)
    top = (1 - fx) * logits[gy][:, gx] + fx * logits[gy][:, gx1]
    bottom = (1 - fx) * logits[gy1][:, gx] + fx * logits[gy1][:, gx1]
    z = (1 - fy) * top + fy * bottom
    p = torch.sigmoid(z)
    q = p.clamp(1e-7, 1 - 1e-7)
    entropy = -(q * torch.log2(q) + (1 - q) * torch.log2(1 - q))
    return p.numpy(), entropy.numpy()


# ------------------------------------------------------------------------------------------------------ measuring

def timed_ms(action):
    t0 = time.perf_counter()
    action()
    return (time.perf_counter() - t0) * 1000.0


def median(values):
    ordered = sorted(values)  # the C# benchmark's median: the upper middle element
    return ordered[len(ordered) // 2] if ordered else 0.0


def median_of(runs, action):
    action()
    return median([timed_ms(action) for _ in range(runs)])


def resident_mb():
    gc.collect()
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024.0)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)


def select_device(allow_cuda):
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    if allow_cuda and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")


def describe(device):
    if device.type == "cuda":
        return f"cuda:{device.index or 0} ({torch.cuda.device_count()} device(s))"
    return f"cpu ({torch.get_num_threads()} threads, PyTorch {torch.__version__})"


def run_benchmark(args, log):
    device = select_device(not args.cpu)
    rng = np.random.default_rng(11)
    images, masks = synthetic_defects(64, 200, 200, rng)
    source = PatchSource(images, masks, args.patch)
    net = create_model(args.width, args.patch, args.embedding, device, seed=3)
    parameters = sum(p.numel() for p in net.parameters())

    log("training steps ...")
    step_times = []
    train(net, source, device, args.batch, WARMUP_STEPS + args.steps, min_steps=sys.maxsize,
          progress=lambda step, ms: step_times.append(ms) if step > WARMUP_STEPS else None)

    log("inference ...")
    pool = source.sample_pool(4096, np.random.default_rng(5))
    patches = source.extract(pool)
    infer = lambda: predict(net, patches, len(pool), args.patch, args.embedding, device)  # noqa: E731
    infer()
    inference_ms = median([timed_ms(infer) for _ in range(3)])

    log("dense maps ...")
    small = images[0]
    wide = synthetic_defects(1, 1600, 256, np.random.default_rng(12))[0][0]
    dense200 = median_of(5, lambda: dense_map(net, small, args.patch, device))
    dense1600 = median_of(5, lambda: dense_map(net, wide, args.patch, device))

    phase_s = phase_steps = phase_stop = None
    if not args.no_phase:
        log("a default training phase from a fresh model ...")
        fresh = create_model(args.width, args.patch, args.embedding, device, seed=4)
        phase_steps, phase_stop, seconds = train(fresh, source, device, args.batch, 400)
        phase_s = round(seconds, 1)
        del fresh

    rss100 = rss_end = None
    if args.memory_steps > 100:
        log(f"{args.memory_steps} steps for memory growth ...")
        marks = {}

        def mark(step, _ms):
            if step == 100:
                marks[100] = resident_mb()

        train(net, source, device, args.batch, args.memory_steps, min_steps=sys.maxsize, progress=mark)
        rss100, rss_end = marks.get(100), resident_mb()

    return {
        "framework": "pytorch",
        "version": torch.__version__,
        "device": describe(device),
        "threads": torch.get_num_threads(),
        "params": parameters,
        "patch_size": args.patch,
        "batch": args.batch,
        "train_step_ms": round(median(step_times), 1),
        "infer_patches_per_s": round(len(pool) / (inference_ms / 1000.0)),
        "dense_ms_200x200": round(dense200, 1),
        "dense_ms_1600x256": round(dense1600, 1),
        "phase_s": phase_s,
        "phase_steps": phase_steps,
        "phase_stop": phase_stop,
        "rss_mb_after_100_steps": rss100,
        "rss_mb_after_steps": rss_end,
        "memory_steps": args.memory_steps,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.release()}",
    }


def run_check(args):
    """Checks the architecture: parameter count, patch and dense shapes, dense map == patch-by-patch."""
    device = select_device(not args.cpu)
    net = create_model(args.width, args.patch, args.embedding, device, seed=3).eval()
    failures = []
    params = sum(p.numel() for p in net.parameters())
    expected = expected_parameters(args.width, args.patch, args.embedding)
    print(f"parameters: {params} (by hand: {expected})")
    if params != expected:
        failures.append("parameter count")
    with torch.no_grad():
        logits, embedding = net(torch.rand(5, 1, args.patch, args.patch, device=device))
    print(f"patch logits {list(logits.shape)}, embedding {list(embedding.shape)}")
    if list(logits.shape) != [5, 2, 1, 1] or list(embedding.shape) != [5, args.embedding, 1, 1]:
        failures.append("patch output shapes")
    norms = embedding.flatten(1).norm(dim=1)
    if not torch.allclose(norms, torch.ones_like(norms), atol=1e-5):
        failures.append("unit embeddings")

    rng = np.random.default_rng(7)
    images, masks = synthetic_defects(1, 200, 200, rng)
    image = images[0]
    columns = (200 - 1 + OUTPUT_STRIDE - 1) // OUTPUT_STRIDE + 1
    padded = OUTPUT_STRIDE * (columns - 1) + args.patch
    with torch.no_grad():
        band = torch.tensor(np.pad(image, (args.patch // 2, padded - args.patch // 2 - 200), mode="reflect")
                            .astype(np.float32) / 255.0).view(1, 1, padded, padded).to(device)
        grid, _ = net(band)
    print(f"dense grid on 200x200: {grid.shape[2]}x{grid.shape[3]} (expected {columns}x{columns}, padded {padded}x{padded})")
    if grid.shape[2] != columns or grid.shape[3] != columns:
        failures.append("dense grid shape")
    probability, entropy = dense_map(net, image, args.patch, device)
    source = PatchSource(images, masks, args.patch)
    points = [(0, 0), (0, 1), (25, 17), (49, 50), (50, 50), (12, 3)]
    centres = np.array([[0, min(OUTPUT_STRIDE * r, 199), min(OUTPUT_STRIDE * c, 199)] for r, c in points])
    patch_p, _ = predict(net, source.extract(centres), len(centres), args.patch, args.embedding, device)
    dense_p = probability[centres[:, 1], centres[:, 2]]
    worst = float(np.abs(patch_p - dense_p)[[i for i, (r, c) in enumerate(points) if r < 50 and c < 50]].max())
    print(f"dense map vs patch-by-patch at grid points: max |dp| = {worst:.2e}; map {probability.shape}, "
          f"entropy in [{entropy.min():.3f}, {entropy.max():.3f}]")
    if worst > 1e-4 or probability.shape != (200, 200):
        failures.append("dense map equals patches")
    print("check: " + ("ok" if not failures else "FAILED: " + ", ".join(failures)))
    return 0 if not failures else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description="PyTorch peer of `dr bench learning`.")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--width", type=int, default=32, help="channels of the stride-2 stage")
    parser.add_argument("--patch", type=int, default=32, help="patch size")
    parser.add_argument("--embedding", type=int, default=64, help="embedding size")
    parser.add_argument("--batch", type=int, default=384, help="patches per training step")
    parser.add_argument("--steps", type=int, default=30, help="timed training steps (after 5 warm-up steps)")
    parser.add_argument("--memory-steps", type=int, default=1000,
                        help="steps over which resident memory must not grow (0: skip)")
    parser.add_argument("--no-phase", action="store_true", help="skip timing a whole default training phase")
    parser.add_argument("--cpu", action="store_true", help="use the CPU even where CUDA is available")
    parser.add_argument("--check", action="store_true", help="verify the architecture instead of benchmarking")
    args = parser.parse_args(argv)
    try:
        validate_config(args.width, args.patch, args.embedding)
        if args.batch < 4 or args.steps < 1 or args.memory_steps < 0:
            raise ValueError("--batch must be at least 4, --steps positive, --memory-steps not negative.")
    except ValueError as error:
        print(f"pytorch_peer: {error}", file=sys.stderr)
        return 2
    if args.check:
        return run_check(args)

    log = (lambda message: None) if args.json else (lambda message: print(message, file=sys.stderr, flush=True))
    r = run_benchmark(args, log)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    print(f"{r['framework']} {r['version']} on {r['device']}, {r['params']:,} parameters, "
          f"patch {r['patch_size']}, batch {r['batch']}")
    print(f"train step: {r['train_step_ms']} ms; inference: {r['infer_patches_per_s']:,} patches/s")
    print(f"dense map: 200x200 {r['dense_ms_200x200']} ms, 1600x256 {r['dense_ms_1600x256']} ms")
    if r["phase_s"] is not None:
        print(f"default training phase: {r['phase_s']} s, {r['phase_steps']} steps, stopped by {r['phase_stop']}")
    if r["rss_mb_after_steps"] is not None:
        print(f"resident memory: {r['rss_mb_after_100_steps']} MB after 100 steps, {r['rss_mb_after_steps']} MB "
              f"after {r['memory_steps']}; peak {r['peak_rss_mb']} MB")
    else:
        print(f"peak resident memory: {r['peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
