using DefectRefine.Imaging;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Training;
using DefectRefine.Masks;
using Xunit.Abstractions;

namespace DefectRefine.UnitTests.Learning.Training;

/// <summary>
/// The default model on real steel: trained on a slice of NEU-Seg's training images with their true masks, it must
/// classify patches of unseen test images with F1 ≥ 0.8 (balanced defect and background centres).
/// </summary>
public sealed class NeuSegTrainingTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Trained_on_a_neu_seg_slice_with_true_masks_the_default_model_classifies_held_out_patches_with_f1_of_at_least_0_8()
    {
        var train = Load("train", 60);
        var test = Load("test", 30);
        using var model = PatchModel.Create(new PatchModelConfig(), seed: 1);

        var metrics = PatchTrainer.Train(model, new PatchSampler(train, []), train.ToDictionary(i => i.Id, i => i.Pixels),
            new TrainingOptions { MaxSteps = 400, TimeBudget = TimeSpan.FromMinutes(3) });
        var f1 = PatchTrainerTests.HeldOutF1(model, test, seed: 7);

        output.WriteLine($"NEU-Seg: {metrics.Steps} steps in {metrics.Seconds:F0} s ({metrics.StoppedBy}, {metrics.MeanStepMs:F0} ms/step), train accuracy {metrics.FinalAccuracy:F3}, held-out patch F1 {f1:F3}");
        Console.WriteLine($"NEU-Seg held-out patch F1 {f1:F3} after {metrics.Steps} steps ({metrics.Seconds:F0} s)");
        Assert.True(f1 >= 0.8, $"held-out F1 {f1:F3} after {metrics.Steps} steps");
    }

    private static List<LearningImage> Load(string split, int count)
    {
        var images = Directory.GetFiles(Path.Combine(SharedData.NeuSeg, "images", split), "*.jpg").Order(StringComparer.Ordinal).Take(count);
        return [.. images.Select(path =>
        {
            var mask = Path.Combine(SharedData.NeuSeg, "masks", split, Path.GetFileNameWithoutExtension(path) + ".png");
            return new LearningImage(Guid.NewGuid(), ImageDecoder.DecodeGrayscale(File.ReadAllBytes(path)), MaskPng.Decode(File.ReadAllBytes(mask)));
        })];
    }
}
