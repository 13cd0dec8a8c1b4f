using DefectRefine.Masks;
using DefectRefine.Masks.Progress;

namespace DefectRefine.UnitTests.Masks;

public sealed class LabelMovementTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    /// <summary>A 4x2 mask from a picture: '#' defect, '.' background.</summary>
    private static BinaryMask Mask(string rows)
    {
        var lines = rows.Split('/');
        var mask = new BinaryMask(lines[0].Length, lines.Length);
        for (var y = 0; y < lines.Length; y++)
            for (var x = 0; x < lines[y].Length; x++)
                mask[x, y] = lines[y][x] == '#';
        return mask;
    }

    private static MaskChange Change(Guid image, long version, int minutes, params PixelRun[] flips) =>
        new(image, version, T0.AddMinutes(minutes), ChangeSource.Expert, flips, AnswerId: Guid.NewGuid(), SessionId: Guid.Empty);

    [Fact]
    public void Scores_pixels_against_the_truth_and_leaves_f1_undefined_when_neither_mask_has_a_defect()
    {
        var score = PixelScore.Of(Mask("##../#..."), Mask("#.../###."));

        Assert.Equal(new PixelScore(2, 1, 2), score);
        Assert.Equal(4.0 / 7, score.F1!.Value, 9);
        Assert.Equal(2.0 / 3, score.Precision!.Value, 9);
        Assert.Equal(0.5, score.Recall!.Value, 9);
        Assert.Null(PixelScore.Of(Mask("..../...."), Mask("..../....")).F1);
        Assert.Throws<ArgumentException>(() => PixelScore.Of(Mask("..../...."), Mask("...")));
    }

    [Fact]
    public void An_answer_moves_the_mask_and_its_undo_moves_it_back_while_the_flips_stay_counted()
    {
        var movement = new LabelMovement();
        movement.AddImage(A, Mask("##../...."), T0, truth: Mask("###./###."));

        movement.Apply(Change(A, 2, 1, new PixelRun(2, 1), new PixelRun(4, 3)));
        var after = movement.Snapshot();
        movement.Apply(new MaskChange(A, 3, T0.AddMinutes(2), ChangeSource.Expert, [new PixelRun(4, 3)], Undoes: 2));
        var undone = movement.Snapshot();

        Assert.Equal(4, after.PixelsChanged);
        Assert.Equal(1, after.ImagesChanged);
        Assert.Equal(new SourceMovement(1, 0, 4, 0), after.BySource[ChangeSource.Expert]);
        Assert.Equal(new PixelScore(2, 0, 4), after.Initial);
        Assert.Equal(new PixelScore(6, 0, 0), after.Now);
        Assert.Equal(1.0, after.Now!.Value.F1);

        Assert.Equal((4L, 0L), (after.ChangedAgreeingWithTruth!.Value, after.ChangedDisagreeingWithTruth!.Value));

        // The undo flips back 3 of the 4 pixels: one pixel still differs from the initial labels.
        Assert.Equal(1, undone.PixelsChanged);
        Assert.Equal(new SourceMovement(1, 1, 4, 3), undone.BySource[ChangeSource.Expert]);
        Assert.Equal(1, undone.BySource[ChangeSource.Expert].PixelsKept);
        Assert.Equal(["initial", "answer", "undo"], undone.Series.Select(p => p.Kind));
        Assert.Equal([0, 1, 2], undone.Series.Select(p => p.Step));
        Assert.Equal([2.0 * 2 / 8, 1.0, 2.0 * 3 / 9], undone.Series.Select(p => p.Score.F1!.Value));
        var image = Assert.Single(undone.PerImage);
        Assert.Equal(3, image.Version);
        Assert.Equal((2, 3), (image.DefectPixelsInitial, image.DefectPixelsNow));
        Assert.Equal([1L, 2, 3], image.Series.Select(p => p.Version));
        Assert.Equal(SourceMovement.None, undone.BySource[ChangeSource.Model]);
    }

    [Fact]
    public void A_pixel_flipped_twice_counts_two_flips_but_no_change()
    {
        var movement = new LabelMovement();
        movement.AddImage(A, Mask("..../...."), T0);

        movement.Apply(Change(A, 2, 1, new PixelRun(0, 1)));
        movement.Apply(Change(A, 3, 2, new PixelRun(0, 1)));
        var snapshot = movement.Snapshot();

        Assert.Equal(0, snapshot.PixelsChanged);
        Assert.Equal(0, snapshot.ImagesChanged);
        Assert.Equal(new SourceMovement(2, 0, 2, 0), snapshot.BySource[ChangeSource.Expert]);
    }

    [Fact]
    public void One_answer_that_changes_two_images_is_one_point_of_the_series()
    {
        var movement = new LabelMovement();
        movement.AddImage(A, Mask("..../...."), T0, truth: Mask("#.../...."));
        movement.AddImage(B, Mask("..../...."), T0, truth: Mask("#.../...."));
        var answer = Guid.NewGuid();

        movement.Apply(new MaskChange(A, 2, T0.AddMinutes(1), ChangeSource.Expert, [new PixelRun(0, 1)], AnswerId: answer));
        movement.Apply(new MaskChange(B, 2, T0.AddMinutes(1), ChangeSource.Expert, [new PixelRun(0, 1)], AnswerId: answer));
        movement.Apply(Change(A, 3, 2, new PixelRun(1, 1)));
        var snapshot = movement.Snapshot();

        Assert.Equal([0, 1, 2], snapshot.Series.Select(p => p.Step));
        Assert.Equal(new PixelScore(0, 0, 2), snapshot.Series[0].Score);
        Assert.Equal(new PixelScore(2, 0, 0), snapshot.Series[1].Score);
        Assert.Equal(new PixelScore(2, 1, 0), snapshot.Series[2].Score);
        Assert.Equal(2, snapshot.ImagesWithTruth);
        // A's second answer marked a pixel the truth calls background: 2 changed pixels agree, 1 does not.
        Assert.Equal((2L, 1L), (snapshot.ChangedAgreeingWithTruth!.Value, snapshot.ChangedDisagreeingWithTruth!.Value));
        Assert.Equal([1, 1], snapshot.PerImage.Select(i => i.ChangedAgreeingWithTruth!.Value));
    }

    [Fact]
    public void Without_a_truth_there_is_no_score_and_no_series()
    {
        var movement = new LabelMovement();
        movement.AddImage(A, Mask("#.../...."), T0);
        movement.Apply(Change(A, 2, 1, new PixelRun(1, 1)));

        var snapshot = movement.Snapshot();

        Assert.Equal(0, snapshot.ImagesWithTruth);
        Assert.Null(snapshot.Initial);
        Assert.Null(snapshot.Now);
        Assert.Empty(snapshot.Series);
        Assert.Null(Assert.Single(snapshot.PerImage).Now);
        Assert.Null(snapshot.ChangedAgreeingWithTruth);
    }

    [Fact]
    public void The_model_layer_is_tallied_apart_from_the_experts()
    {
        var movement = new LabelMovement();
        movement.AddImage(A, Mask("..../...."), T0);
        movement.Apply(new MaskChange(A, 2, T0.AddMinutes(1), ChangeSource.Model, [new PixelRun(0, 2)]));
        movement.Apply(new MaskChange(A, 3, T0.AddMinutes(2), ChangeSource.Expert, [new PixelRun(0, 2)], Undoes: 2));

        var snapshot = movement.Snapshot();

        Assert.Equal(new SourceMovement(1, 1, 2, 2), snapshot.BySource[ChangeSource.Model]);
        Assert.Equal(SourceMovement.None, snapshot.BySource[ChangeSource.Expert]);
    }

    [Fact]
    public void Refuses_changes_out_of_order_or_of_an_image_it_does_not_know()
    {
        var movement = new LabelMovement();
        movement.AddImage(A, Mask("..../...."), T0);

        var skipped = Assert.Throws<InvalidOperationException>(() => movement.Apply(Change(A, 3, 1, new PixelRun(0, 1))));
        Assert.Contains("must be version 2, not 3", skipped.Message);
        Assert.Throws<InvalidOperationException>(() => movement.Apply(Change(B, 2, 1, new PixelRun(0, 1))));
        Assert.Throws<InvalidOperationException>(() => movement.AddImage(A, Mask("..../...."), T0));
        Assert.Equal(1, movement.VersionOf(A));
        Assert.Equal(0, movement.VersionOf(B));
    }

    [Fact]
    public void Snapshots_are_reused_until_something_changes()
    {
        var movement = new LabelMovement();
        movement.AddImage(A, Mask("..../...."), T0);
        var first = movement.Snapshot();

        Assert.Same(first, movement.Snapshot());
        movement.Apply(Change(A, 2, 1, new PixelRun(0, 1)));
        Assert.NotSame(first, movement.Snapshot());
    }

    [Fact]
    public void Thinning_keeps_the_first_and_the_last_point_and_at_most_the_limit()
    {
        var points = Enumerable.Range(0, 1000).ToList();

        var thin = LabelMovement.Thin(points, 7);

        Assert.Equal([0, 166, 333, 500, 666, 832, 999], thin);
        Assert.Same(points, LabelMovement.Thin(points, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelMovement.Thin(points, 1));
    }
}
