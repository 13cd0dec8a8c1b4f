using DefectRefine.Annotations;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Imaging;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Ingestion;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.LabelStore;

/// <summary>The first event says what the labels are and where they came from: boxes as boxes, simulated as simulated.</summary>
public sealed class InitialLabelsTests
{
    private static readonly LabelAuthor _author = new("ingest-import", "admin");
    private static readonly PixelBox[] _boxes = [new(2, 3, 10, 8), new(20, 20, 5, 5)];

    private static MaskInitialised Prepare(ProvidedLabels labels, string source = "import:voc", string? file = "roi/a.xml", InitialMaskSpec? spec = null)
    {
        var png = ImageEncoder.EncodePng(new GrayscaleImage(40, 30, new byte[40 * 30]));
        var upload = new ImageUpload("a.png", png, (_, _) => labels, source, file);
        return ImagePreparer.Prepare(Guid.NewGuid(), upload, spec ?? InitialMaskSpec.FromLabels, _author, ImageLimits.Default).Initialised;
    }

    [Fact]
    public void A_persons_boxes_are_recorded_as_boxes_and_not_simulated()
    {
        var initialised = Prepare(new ProvidedLabels(InitialMasks.Roi(40, 30, _boxes), _boxes, false));

        Assert.Equal(InitialMaskKind.Roi, initialised.Kind);
        Assert.Equal([new LabelBox(2, 3, 10, 8), new LabelBox(20, 20, 5, 5)], initialised.Boxes);
        Assert.False(initialised.Origin.Simulated);
        Assert.Equal("import:voc", initialised.Origin.Source);
        Assert.Equal("Boxes (2), 40x30, from import:voc, file roi/a.xml", LabelHistory.DescribeInitial(initialised));
    }

    [Fact]
    public void Labels_a_provenance_record_names_are_recorded_as_simulated_with_its_parameters()
    {
        var provenance = new LabelProvenance("simulation:expert-roi", "generation.json", _boxes,
            new Dictionary<string, string> { ["simulation"] = "expert-roi", ["seed"] = "42", ["imageSeed"] = "7" });

        var initialised = Prepare(new ProvidedLabels(InitialMasks.Roi(40, 30, _boxes), _boxes, false, provenance));

        Assert.True(initialised.Origin.Simulated);
        Assert.Equal("simulation:expert-roi", initialised.Origin.Source);
        Assert.Equal("roi/a.xml", initialised.Origin.File);
        Assert.Equal("42", initialised.Origin.Parameters["seed"]);
        Assert.Equal("import:voc", initialised.Origin.Parameters["importedBy"]);
        Assert.Equal(2, initialised.Boxes.Count);
        Assert.Equal("Boxes (2), 40x30, SIMULATED by simulation:expert-roi (seed 42, image seed 7), from roi/a.xml", LabelHistory.DescribeInitial(initialised));
    }

    [Fact]
    public void A_mask_is_a_segmentation_and_noise_says_its_seed()
    {
        var mask = InitialMasks.Roi(40, 30, _boxes);

        var segmentation = Prepare(new ProvidedLabels(mask, [], true), "upload", "m.png");
        var noise = Prepare(new ProvidedLabels(mask, [], true), "upload", null, new InitialMaskSpec(InitialMaskSource.Noise, Seed: 9));

        Assert.Equal("Segmentation mask 40x30 from upload, file m.png", LabelHistory.DescribeInitial(segmentation));
        Assert.Empty(segmentation.Boxes);
        Assert.False(segmentation.Origin.Simulated);
        Assert.Equal("Noise mask 40x30 from upload (seed 9)", LabelHistory.DescribeInitial(noise));
    }
}
