using DefectRefine.Annotations;

namespace DefectRefine.UnitTests.Annotations;

public sealed class ImportFolderTests
{
    [Fact]
    public void Refuses_a_folder_that_does_not_exist()
    {
        var missing = Path.Combine(Path.GetTempPath(), "defectrefine-tests", "no-such-folder-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<AnnotationException>(() => ImportFolder.Read(missing, AnnotationFormat.MaskPng));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void The_message_lists_the_first_twenty_problems_and_counts_the_rest()
    {
        using var folder = new TempFolder();
        for (var i = 0; i < 25; i++)
            folder.Image($"images/{i:D2}.jpg", 8, 8);
        folder.Write("masks/.keep", "");

        var error = Assert.Throws<AnnotationException>(() => ImportFolder.Read(folder.Root, AnnotationFormat.MaskPng));

        Assert.Equal(25, error.Problems.Count);
        Assert.StartsWith("25 problem(s)", error.Message);
        Assert.Contains("images/19.jpg", error.Message);
        Assert.DoesNotContain("images/20.jpg", error.Message);
        Assert.Contains("... and 5 more", error.Message);
    }

    [Fact]
    public void Problems_print_as_file_line_message()
    {
        Assert.Equal("a.txt:3: bad", new AnnotationProblem("a.txt", 3, "bad").ToString());
        Assert.Equal("a.xml: bad", new AnnotationProblem("a.xml", null, "bad").ToString());
    }
}
