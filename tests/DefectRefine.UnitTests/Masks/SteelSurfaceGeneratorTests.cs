using DefectRefine.Masks;
using DefectRefine.Masks.Simulation;
using DefectRefine.Masks.Simulation.Steel;

namespace DefectRefine.UnitTests.Masks;

public sealed class SteelSurfaceGeneratorTests
{
    private static readonly SteelSurfaceOptions _options = new() { Seed = 42 };

    [Fact]
    public void The_same_seed_and_index_give_the_same_image()
    {
        var first = SteelSurfaceGenerator.Generate(_options, 3);
        var again = SteelSurfaceGenerator.Generate(_options with { }, 3);

        Assert.Equal(first.Pixels, again.Pixels);
        Assert.Equal(first.Truth, again.Truth);
        Assert.Equal(first.Roi.Mask, again.Roi.Mask);
        Assert.Equal(first.Roi.Boxes, again.Roi.Boxes);
        Assert.Equal(first.Features, again.Features);
    }

    [Fact]
    public void Image_i_is_drawn_from_its_own_seed_alone()
    {
        var seed = SteelSurfaceGenerator.ImageSeed(_options.Seed, 7);

        var seventh = SteelSurfaceGenerator.Generate(_options, 7);
        var alone = SteelSurfaceGenerator.Generate(_options with { Seed = seed }, 0);

        Assert.Equal(unchecked(42UL + (7UL * 0x9E3779B97F4A7C15UL)), seventh.Seed);
        Assert.Equal(seed, alone.Seed);
        Assert.Equal(seventh.Pixels, alone.Pixels);
        Assert.Equal(seventh.Truth, alone.Truth);
    }

    [Fact]
    public void Other_seeds_and_indices_give_other_images()
    {
        var image = SteelSurfaceGenerator.Generate(_options, 0);
        var otherSeed = SteelSurfaceGenerator.Generate(_options with { Seed = 43 }, 0);
        var otherIndex = SteelSurfaceGenerator.Generate(_options, 1);

        Assert.NotEqual(image.Pixels, otherSeed.Pixels);
        Assert.NotEqual(image.Truth, otherSeed.Truth);
        Assert.NotEqual(image.Pixels, otherIndex.Pixels);
        Assert.NotEqual(image.Truth, otherIndex.Truth);
    }

    [Theory]
    [InlineData(200, 200, 40)]
    [InlineData(16, 16, 40)]
    [InlineData(320, 24, 20)]
    [InlineData(24, 320, 20)]
    [InlineData(500, 300, 6)]
    public void Every_image_has_defects_covering_the_share_window(int width, int height, int count)
    {
        var options = _options with { Width = width, Height = height };
        for (var index = 0; index < count; index++)
        {
            var image = SteelSurfaceGenerator.Generate(options, index);

            Assert.Equal(width * height, image.Pixels.Length);
            Assert.InRange(image.DefectShare, options.MinDefectShare, options.MaxDefectShare);
            Assert.InRange(image.Features.Count(f => f.IsDefect), options.MinDefects, options.MaxDefects);
        }
    }

    [Theory]
    [InlineData(SteelFeatureKind.Scratch)]
    [InlineData(SteelFeatureKind.Inclusion)]
    [InlineData(SteelFeatureKind.Patch)]
    public void Each_defect_kind_alone_reaches_the_share_window(SteelFeatureKind kind)
    {
        foreach (var (width, height) in new[] { (200, 200), (16, 16), (400, 40) })
        {
            var options = _options with { Width = width, Height = height, DefectKinds = [kind], MinDefectShare = 0.05, MaxDefectShare = 0.15 };
            for (var index = 0; index < 12; index++)
            {
                var image = SteelSurfaceGenerator.Generate(options, index);

                Assert.InRange(image.DefectShare, 0.05, 0.15);
                Assert.All(image.Features.Where(f => f.IsDefect), f => Assert.Equal(kind, f.Kind));
            }
        }
    }

    [Fact]
    public void The_background_is_mid_grey_and_defects_stand_out_from_it()
    {
        var options = _options with { ArtefactProbability = 0 };
        for (var index = 0; index < 10; index++)
        {
            var image = SteelSurfaceGenerator.Generate(options, index);
            var (defect, background) = (new List<double>(), new List<double>());
            for (var i = 0; i < image.Pixels.Length; i++)
                (image.Truth.Get(i) ? defect : background).Add(image.Pixels[i]);

            var level = background.Average();
            Assert.InRange(level, 110, 150);
            // Dark and bright defects may share an image, so compare how far each class strays from the background level.
            var (defectSpread, backgroundSpread) = (defect.Average(v => Math.Abs(v - level)), background.Average(v => Math.Abs(v - level)));
            Assert.True(defectSpread > 3 * backgroundSpread, $"image {index}: defects stray {defectSpread:F1} grey levels, background {backgroundSpread:F1}");
        }
    }

    [Fact]
    public void Artefacts_change_the_pixels_but_never_the_truth()
    {
        var clean = _options with { ArtefactProbability = 0 };
        var stained = _options with { ArtefactProbability = 1 };
        for (var index = 0; index < 10; index++)
        {
            var without = SteelSurfaceGenerator.Generate(clean, index);
            var with = SteelSurfaceGenerator.Generate(stained, index);

            Assert.Equal(without.Truth, with.Truth);
            Assert.Equal(without.Features, with.Features.Where(f => f.IsDefect));
            Assert.DoesNotContain(without.Features, f => !f.IsDefect);
            Assert.Equal(SteelFeatureKinds.Artefacts, with.Features.Where(f => !f.IsDefect).Select(f => f.Kind));
            Assert.NotEqual(without.Pixels, with.Pixels);
        }
    }

    [Fact]
    public void Defect_boxes_bound_the_truth_exactly()
    {
        for (var index = 0; index < 20; index++)
        {
            var image = SteelSurfaceGenerator.Generate(_options, index);
            var boxes = image.Features.Where(f => f.IsDefect).Select(f => f.Box).ToList();

            var union = InitialMasks.Roi(image.Width, image.Height, boxes);
            Assert.Empty(image.Truth.DifferenceFrom(Intersect(image.Truth, union)));
            foreach (var box in boxes)
            {
                Assert.True(box.IsInside(image.Width, image.Height));
                // Tight: every edge row and column of the box holds a true pixel.
                Assert.Contains(Enumerable.Range(box.X, box.Width), x => image.Truth[x, box.Y]);
                Assert.Contains(Enumerable.Range(box.X, box.Width), x => image.Truth[x, box.Bottom - 1]);
                Assert.Contains(Enumerable.Range(box.Y, box.Height), y => image.Truth[box.X, y]);
                Assert.Contains(Enumerable.Range(box.Y, box.Height), y => image.Truth[box.Right - 1, y]);
            }
        }
    }

    [Fact]
    public void The_roi_covers_every_defect_the_simulated_expert_noticed()
    {
        for (var index = 0; index < 20; index++)
        {
            var image = SteelSurfaceGenerator.Generate(_options, index);

            Assert.Equal(InitialMasks.Roi(image.Width, image.Height, image.Roi.Boxes), image.Roi.Mask);
            Assert.InRange(image.Roi.Boxes.Count, 1, _options.Roi.MaxBoxes);
            Assert.Equal("expert-roi", image.Roi.Parameters["simulation"]);
            // The expert may overlook only defects smaller than MissBelowAreaFraction of the image.
            var missBelow = _options.Roi.MissBelowAreaFraction * image.Truth.PixelCount;
            foreach (var (component, mask) in ConnectedComponents.Split(image.Truth))
                if (component.Area >= missBelow)
                    Assert.Empty(mask.DifferenceFrom(Intersect(mask, image.Roi.Mask)));
        }
    }

    [Fact]
    public void An_expert_who_misses_nothing_boxes_every_true_pixel()
    {
        var options = _options with { Roi = new ExpertRoiOptions { MissProbability = 0 } };
        for (var index = 0; index < 20; index++)
        {
            var image = SteelSurfaceGenerator.Generate(options, index);

            Assert.Empty(image.Truth.DifferenceFrom(Intersect(image.Truth, image.Roi.Mask)));
        }
    }

    private static BinaryMask Intersect(BinaryMask a, BinaryMask b)
    {
        var both = new BinaryMask(a.Width, a.Height);
        for (var i = 0; i < a.PixelCount; i++)
            both.Set(i, a.Get(i) && b.Get(i));
        return both;
    }
}
