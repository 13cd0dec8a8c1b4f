using DefectRefine.Masks;
using DefectRefine.Stations;

namespace DefectRefine.UnitTests.Stations;

public sealed class TruthFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dr-truth-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string name, int width, int height)
    {
        var mask = new BinaryMask(width, height);
        mask[1, 1] = true;
        File.WriteAllBytes(Path.Combine(_folder, name), MaskPng.Encode(mask));
    }

    [Fact]
    public void Masks_are_matched_to_images_by_name_without_extension()
    {
        Write("steel-0001.png", 8, 6);
        var id = Guid.NewGuid();
        var truth = TruthFolder.Load([new DatasetImage(id, "images/steel-0001.jpg", 8, 6)], _folder);
        Assert.True(truth[id][1, 1]);
        Assert.False(truth[id][2, 1]);
    }

    [Fact]
    public void Missing_and_wrongly_sized_masks_are_all_reported()
    {
        Write("a.png", 8, 6);
        var error = Assert.Throws<InvalidDataException>(() => TruthFolder.Load(
            [new DatasetImage(Guid.NewGuid(), "a.png", 9, 6), new DatasetImage(Guid.NewGuid(), "b.png", 8, 6)], _folder));
        Assert.Contains("a.png: the true mask is 8x6, the image 9x6", error.Message);
        Assert.Contains("b.png: no b.png", error.Message);
        Assert.Throws<DirectoryNotFoundException>(() => TruthFolder.Load([], Path.Combine(_folder, "nope")));
    }
}
