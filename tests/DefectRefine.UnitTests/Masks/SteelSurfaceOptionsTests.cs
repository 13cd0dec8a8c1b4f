using DefectRefine.Masks.Simulation;
using DefectRefine.Masks.Simulation.Steel;

namespace DefectRefine.UnitTests.Masks;

public sealed class SteelSurfaceOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new SteelSurfaceOptions();

        options.Validate();

        Assert.Equal((200, 200), (options.Width, options.Height));
        Assert.Equal(SteelFeatureKinds.Defects, options.DefectKinds);
        Assert.Equal(SteelFeatureKinds.Artefacts, options.ArtefactKinds);
    }

    [Theory]
    [InlineData("narrow", "Width must be 16..4096 pixels, got 15.")]
    [InlineData("huge", "Height must be 16..4096 pixels, got 4097.")]
    [InlineData("no defects", "MinDefects must be 1..20, got 0")]
    [InlineData("fewer max than min", "MaxDefects must be 3 (MinDefects)..20, got 2.")]
    [InlineData("too many", "MaxDefects must be 1 (MinDefects)..20, got 21.")]
    [InlineData("zero share", "MinDefectShare must lie in [0.001, 0.5], got 0.")]
    [InlineData("narrow share window", "MaxDefectShare must lie in [MinDefectShare + 0.01, 0.6]")]
    [InlineData("no defect kinds", "DefectKinds is empty, but every image needs a defect")]
    [InlineData("artefact as defect", "DefectKinds holds WaterMark, which is not a defect")]
    [InlineData("defect as artefact", "ArtefactKinds holds Patch, which is not an artefact")]
    [InlineData("twice", "DefectKinds lists a kind more than once")]
    [InlineData("probability", "ArtefactProbability must lie in [0, 1], got 1.5.")]
    [InlineData("noise", "NoiseLevel must lie in [0, 64] grey levels, got -1.")]
    public void Bad_options_are_refused_naming_the_option(string problem, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Invalid(problem).Validate());

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Bad_roi_options_are_refused_too()
    {
        var options = new SteelSurfaceOptions { Roi = new ExpertRoiOptions { MaxBoxes = 0 } };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains("MaxBoxes", error.Message);
    }

    [Fact]
    public void Generating_with_bad_options_or_a_negative_index_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SteelSurfaceGenerator.Generate(Invalid("narrow"), 0));
        Assert.ThrowsAny<ArgumentException>(() => SteelSurfaceGenerator.Generate(new SteelSurfaceOptions(), -1));
    }

    private static SteelSurfaceOptions Invalid(string problem)
    {
        var valid = new SteelSurfaceOptions();
        return problem switch
        {
            "narrow" => valid with { Width = 15 },
            "huge" => valid with { Height = 4097 },
            "no defects" => valid with { MinDefects = 0 },
            "fewer max than min" => valid with { MinDefects = 3, MaxDefects = 2 },
            "too many" => valid with { MinDefects = 1, MaxDefects = 21 },
            "zero share" => valid with { MinDefectShare = 0 },
            "narrow share window" => valid with { MinDefectShare = 0.10, MaxDefectShare = 0.105 },
            "no defect kinds" => valid with { DefectKinds = [] },
            "artefact as defect" => valid with { DefectKinds = [SteelFeatureKind.Scratch, SteelFeatureKind.WaterMark] },
            "defect as artefact" => valid with { ArtefactKinds = [SteelFeatureKind.Patch] },
            "twice" => valid with { DefectKinds = [SteelFeatureKind.Scratch, SteelFeatureKind.Scratch] },
            "probability" => valid with { ArtefactProbability = 1.5 },
            "noise" => valid with { NoiseLevel = -1 },
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "No such case."),
        };
    }
}
