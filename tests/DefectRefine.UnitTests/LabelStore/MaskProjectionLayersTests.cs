using System.Text.Json;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.LabelStore;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.LabelStore;

/// <summary>The projection's two layers: the expert's (initial, refinements, undos) and the model's (latest proposal).</summary>
public sealed class MaskProjectionLayersTests
{
    private const int Width = 16, Height = 8;
    private static readonly Guid ImageId = Guid.NewGuid();
    private static readonly Guid ProjectId = Guid.NewGuid();
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_proposal_leaves_the_expert_layer_exactly_as_it_was()
    {
        var (events, _) = Stream();
        var expertOnly = Fold(events.Where(e => e is not RefinedMaskProposed));
        var both = Fold(events);

        Assert.Equal(expertOnly.Mask, both.Mask);
        Assert.Equal(expertOnly.RefinementCount, both.RefinementCount);
        Assert.Equal(expertOnly.LastChangedAt, both.LastChangedAt);
        Assert.Equal(expertOnly.RevertedVersions, both.RevertedVersions);
        Assert.Null(expertOnly.RefinedMask);
    }

    [Fact]
    public void The_refined_layer_is_the_latest_proposal_and_a_later_answer_does_not_touch_it()
    {
        var (events, proposals) = Stream();
        var state = Fold(events);

        Assert.Equal(proposals[1], state.RefinedMask);
        Assert.Equal(("model-2", 2, ProjectId), (state.RefinedModelVersion, state.RefinedRound, state.RefinedProjectId));
        Assert.Equal(["model-1", "model-2"], state.ProposedBy);
        // The last event is an answer after the second proposal: the expert layer has it, the refined layer does not.
        Assert.True(state.Mask[12, 6]);
        Assert.False(state.RefinedMask![12, 6]);
    }

    [Fact]
    public void Replay_at_any_version_gives_both_layers_as_they_were()
    {
        var (events, proposals) = Stream();
        Assert.Null(Fold(events.Take(2)).RefinedMask);                 // v2: an answer, no proposal yet
        var atThree = Fold(events.Take(3));                             // v3: the first proposal
        Assert.Equal(proposals[0], atThree.RefinedMask);
        Assert.Equal(Fold(events.Take(2)).Mask, atThree.Mask);
        Assert.Equal(3, atThree.Version);
        var atFive = Fold(events.Take(5));                              // v5: the second proposal, after an undo
        Assert.Equal(proposals[1], atFive.RefinedMask);
        Assert.Equal(Fold(events.Take(4)).Mask, atFive.Mask);
    }

    [Fact]
    public void Both_layers_survive_a_copy_and_the_snapshot_serialisation()
    {
        var (events, proposals) = Stream();
        var state = Fold(events);
        var copy = state.Copy();
        var stored = JsonSerializer.Deserialize<MaskProjection>(JsonSerializer.Serialize(state))!;

        foreach (var again in new[] { copy, stored })
        {
            Assert.Equal(state.Mask, again.Mask);
            Assert.Equal(proposals[1], again.RefinedMask);
            Assert.Equal(state.ProposedBy, again.ProposedBy);
            Assert.Equal((state.RefinedRound, state.RefinedModelVersion, state.RefinedAt), (again.RefinedRound, again.RefinedModelVersion, again.RefinedAt));
        }
        var fresh = JsonSerializer.Deserialize<MaskProjection>(JsonSerializer.Serialize(Fold(events.Take(2))))!;
        Assert.Null(fresh.RefinedMask);
    }

    [Fact]
    public void The_expert_answers_are_what_each_answer_named_and_an_undone_answer_names_nothing()
    {
        var (events, _) = Stream();
        var layer = ExpertAnswers.Layer(Width, Height, events.Select((e, i) => ((long)i + 1, e)));

        // v2 labelled the 4px patch at (4, 4) defect, then v4 undid it; v6 labelled the centre pixel (12, 6) defect.
        Assert.Equal(1, layer.Count);
        Assert.True(layer.Known[12, 6] && layer.Defect[12, 6]);
        Assert.False(layer.Known[4, 4]);

        var kept = ExpertAnswers.Layer(Width, Height, events.Take(3).Select((e, i) => ((long)i + 1, e)));
        Assert.Equal(16, kept.Count);
        Assert.True(kept.Defect[2, 2] && kept.Defect[5, 5] && !kept.Known[6, 6]);
    }

    /// <summary>
    /// v1 initial box, v2 a whole 4px patch defect, v3 proposal of model-1, v4 undo of v2, v5 proposal of model-2,
    /// v6 a centre pixel defect.
    /// </summary>
    private static (IReadOnlyList<object> Events, IReadOnlyList<BinaryMask> Proposals) Stream()
    {
        var initial = new BinaryMask(Width, Height);
        initial.Fill(new PixelBox(1, 1, 6, 6));
        var context = new RefinementContext(new LabelAuthor("s", "ana"), Start.AddMinutes(1), Guid.NewGuid(), Guid.NewGuid(), "model-0", []);
        var afterPatch = initial.Clone();
        var patchFlips = MaskRefinement.WholePatches(afterPatch, [(4, 4, true)], 4);
        var first = new BinaryMask(Width, Height);
        first.Fill(new PixelBox(2, 2, 3, 3));
        var second = new BinaryMask(Width, Height);
        second.Fill(new PixelBox(3, 3, 2, 2));
        var centreFlips = MaskRefinement.CentrePixels(afterPatch.Clone(), [(12, 6, true)]);
        IReadOnlyList<object> events =
        [
            new MaskInitialised(ImageId, Guid.NewGuid(), Width, Height, InitialMaskKind.Roi, MaskRunLength.Encode(initial), [new LabelBox(1, 1, 6, 6)],
                new InitialMaskOrigin("test", false, null, new Dictionary<string, string>()), new LabelAuthor("s", "importer"), Start),
            new PatchesRefined(ImageId, context, 4, [new PatchLabel(4, 4, true)], LabelEvents.ToChanges(patchFlips)),
            new RefinedMaskProposed(ImageId, ProjectId, "model-1", 1, 2, MaskRunLength.Encode(first), Start.AddMinutes(2)),
            new RefinementReverted(ImageId, 2, new LabelAuthor("s", "auditor"), Start.AddMinutes(3), "wrong", LabelEvents.ToChanges(patchFlips)),
            new RefinedMaskProposed(ImageId, ProjectId, "model-2", 2, 4, MaskRunLength.Encode(second), Start.AddMinutes(4)),
            new CentrePixelsRefined(ImageId, context with { AnsweredAt = Start.AddMinutes(5) }, [new PatchLabel(12, 6, true)], LabelEvents.ToChanges(centreFlips)),
        ];
        return (events, [first, second]);
    }

    private static MaskProjection Fold(IEnumerable<object> events)
    {
        var state = new MaskProjection();
        var version = 0L;
        foreach (var e in events)
            state.ApplyEvent(e, ++version);
        return state;
    }
}
