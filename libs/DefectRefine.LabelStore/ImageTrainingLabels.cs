using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;
using Marten;

namespace DefectRefine.LabelStore;

/// <summary>What a learner may learn from in one image's stream: its initial labels, how they bound the defect, and every expert answer.</summary>
public sealed record ImageTrainingLabels(Guid ImageId, BinaryMask Initial, LabelPrior Prior, ExpertLayer Expert);

/// <summary>Reads <see cref="ImageTrainingLabels"/> from the mask streams, as <see cref="MaskWriter.ProposeRefinedAsync"/> composes with them.</summary>
public sealed class TrainingLabelReader(IDocumentStore store)
{
    public async Task<ImageTrainingLabels> LoadAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(imageId, token: cancellationToken);
        var initialised = events.Select(e => e.Data).OfType<MaskInitialised>().FirstOrDefault()
            ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"Image {imageId} has no initial labels.");
        var initial = MaskRunLength.Decode(initialised.Width, initialised.Height, initialised.RunLengths);
        var expert = ExpertAnswers.Layer(initialised.Width, initialised.Height, events.Select(e => (e.Version, e.Data)));
        return new ImageTrainingLabels(imageId, initial, ExpertAnswers.PriorOf(initialised.Kind), expert);
    }
}
