using System.Diagnostics;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Pixel;

/// <summary>Trains a pixel model in place on weighted per-pixel targets, one batch of random augmented crops a step.</summary>
public static class PixelTrainer
{
    public static PixelTrainingResult Train(
        PixelModel model,
        IReadOnlyList<PixelTrainingImage> images,
        PixelTrainingOptions options,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (images.Count == 0)
            throw new ArgumentException("Training needs at least one image.", nameof(images));
        foreach (var image in images)
            image.Validate();

        var random = new Random(options.Seed);
        var focusImages = images.Where(i => i.Focus.Count > 0).ToList();
        var side = options.CropSize;
        var area = side * side;
        var batch = options.BatchSize;
        var inputs = new float[batch * area];
        var targets = new float[batch * area];
        var weights = new float[batch * area];
        var net = model.Net;
        net.train();
        using var optimizer = new AdamOptimizer(net);
        using var diceWeight = options.DiceWeight.ToScalar();
        var clock = Stopwatch.StartNew();
        var recent = new Queue<double>();
        var step = 0;
        while (step < options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var b = 0; b < batch; b++)
            {
                // Half the crops around an expert label when there are any: they are few, and the truth.
                var focused = focusImages.Count > 0 && b % 2 == 1;
                var image = focused ? focusImages[random.Next(focusImages.Count)] : images[random.Next(images.Count)];
                Crop(image, side, focused, random, inputs.AsSpan(b * area, area), targets.AsSpan(b * area, area), weights.AsSpan(b * area, area));
            }
            double loss;
            using (var scope = NewDisposeScope())
            {
                var input = tensor(inputs, [batch, 1, side, side]).to(model.Device);
                var target = tensor(targets, [batch, 1, side, side]).to(model.Device);
                var weight = tensor(weights, [batch, 1, side, side]).to(model.Device);
                optimizer.ZeroGrad();
                var (logits, _) = net.forward(input);
                var total = PixelLoss.Compute(logits, target, weight, diceWeight);
                total.backward();
                optimizer.Step(options.LearningRateAt(step));
                loss = total.item<float>();
            }
            step++;
            if (!double.IsFinite(loss))
                throw new TrainingDivergedException(step, loss);
            recent.Enqueue(loss);
            if (recent.Count > 10)
                recent.Dequeue();
            var last = step == options.Steps || (options.TimeBudget is { } budget && clock.Elapsed >= budget);
            if (progress is not null && (last || step % options.ProgressEverySteps == 0))
                progress($"  step {step}/{options.Steps}, loss {recent.Average():F3}, {clock.Elapsed.TotalSeconds:F0} s");
            if (last)
                break;
        }
        net.eval();
        return new PixelTrainingResult(step, recent.Average(), clock.Elapsed);
    }

    /// <summary>
    /// A random crop with a random flip and transpose (a defect seen mirrored or turned is still a defect). An image
    /// smaller than the crop is mirrored out to it, with zero weight where the mirror is, so no label is invented.
    /// </summary>
    private static void Crop(PixelTrainingImage image, int side, bool focused, Random random, Span<float> input, Span<float> target, Span<float> weight)
    {
        var source = image.Image;
        var left = source.Width > side ? random.Next(source.Width - side + 1) : 0;
        var top = source.Height > side ? random.Next(source.Height - side + 1) : 0;
        if (focused)
        {
            var centre = image.Focus[random.Next(image.Focus.Count)];
            left = source.Width > side ? Math.Clamp((centre % source.Width) - random.Next(side), 0, source.Width - side) : 0;
            top = source.Height > side ? Math.Clamp((centre / source.Width) - random.Next(side), 0, source.Height - side) : 0;
        }
        source.CopyWindow(left, top, side, side, input);
        var flipX = random.Next(2) == 1;
        var flipY = random.Next(2) == 1;
        var transpose = random.Next(2) == 1;
        var copy = input.ToArray();
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var (u, v) = transpose ? (y, x) : (x, y);
                u = flipX ? side - 1 - u : u;
                v = flipY ? side - 1 - v : v;
                var i = (y * side) + x;
                input[i] = copy[(v * side) + u];
                var sx = left + u;
                var sy = top + v;
                if (sx < source.Width && sy < source.Height)
                {
                    var s = (sy * source.Width) + sx;
                    target[i] = image.Target[s];
                    weight[i] = image.Weight[s];
                }
                else
                {
                    target[i] = 0;
                    weight[i] = 0;
                }
            }
        }
    }
}

public sealed record PixelTrainingResult(int Steps, double Loss, TimeSpan Elapsed);
