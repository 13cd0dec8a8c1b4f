using DefectRefine.Learning.Dense;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Synthetic;
using DefectRefine.Learning.Training;

namespace DefectRefine.UnitTests.Learning.Training;

/// <summary>
/// TorchSharp frees a temporary Scalar in its finalizer while libtorch may still be reading it. With TorchSharp's own Adam
/// and BatchNorm2d this loop failed within its first round ("toFloat", "alpha must not be a floating point number"),
/// every time; the learning code now keeps every Scalar it passes alive. A service trains and infers while other
/// threads allocate, so this must hold.
/// </summary>
public sealed class GarbageCollectionPressureTests
{
    [Fact]
    public void Training_inference_and_dense_maps_survive_garbage_collections_on_another_thread()
    {
        var images = SyntheticDefects.Create(8, 80, 80, seed: 11);
        var pixels = images.ToDictionary(i => i.Id, i => i.Pixels);
        var sampler = new PatchSampler(images, []);
        using var stop = new CancellationTokenSource();
        var collections = 0;
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                collections++;
            }
        });
        collector.Start();
        try
        {
            for (var round = 0; round < 4; round++)
            {
                using var model = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 8 }, seed: round);
                PatchTrainer.Train(model, sampler, pixels, new TrainingOptions { BatchSize = 64, MaxSteps = 15 });
                model.Predict(new float[64 * 32 * 32], 64);
                DenseSegmenter.Segment(model, images[0].Pixels);
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        Assert.True(collections > 50, $"only {collections} collections ran alongside");
    }
}
