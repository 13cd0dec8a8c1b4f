using DefectRefine.Annotations;

namespace DefectRefine.UnitTests.Annotations;

public sealed class SafePathTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TempFolder _outside = new();

    public void Dispose()
    {
        _folder.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void Resolves_relative_paths_below_the_root()
    {
        Assert.Equal(_folder.PathOf("images/a.jpg"), SafePath.Resolve(_folder.Root, "images/a.jpg"));
        Assert.Equal(_folder.PathOf("a.jpg"), SafePath.Resolve(_folder.Root, "images/../a.jpg"));
        Assert.Equal(_folder.PathOf("images/a.jpg"), SafePath.Resolve(_folder.Root, "images\\a.jpg"));
        Assert.Equal(_folder.Root, SafePath.Resolve(_folder.Root, "."));
    }

    [Theory]
    [InlineData("../x.jpg")]
    [InlineData("images/../../x.jpg")]
    [InlineData("..")]
    public void Refuses_dot_dot_escapes(string path)
    {
        var error = Assert.Throws<AnnotationException>(() => SafePath.Resolve(_folder.Root, path));
        Assert.Equal(path, Assert.Single(error.Problems).File);
        Assert.Contains("leaves the import folder", error.Message);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("\\etc\\passwd")]
    [InlineData("C:/Windows/win.ini")]
    public void Refuses_absolute_paths(string path)
    {
        var error = Assert.Throws<AnnotationException>(() => SafePath.Resolve(_folder.Root, path));
        Assert.Contains("absolute path", error.Message);
    }

    [Fact]
    public void Refuses_a_symbolic_link_to_a_file_outside()
    {
        var secret = _outside.Write("secret.jpg", "x");
        _folder.Link("images/a.jpg", secret);

        var error = Assert.Throws<AnnotationException>(() => SafePath.Resolve(_folder.Root, "images/a.jpg"));
        Assert.Contains("symbolic link", error.Message);
    }

    [Fact]
    public void Refuses_paths_through_a_linked_folder_outside()
    {
        _outside.Write("data/a.jpg", "x");
        _folder.Link("images", _outside.PathOf("data"));

        var error = Assert.Throws<AnnotationException>(() => SafePath.Resolve(_folder.Root, "images/a.jpg"));
        Assert.Contains("symbolic link", error.Message);
    }

    [Fact]
    public void Accepts_links_that_stay_inside()
    {
        var real = _folder.Write("real/a.jpg", "x");
        _folder.Link("images/a.jpg", real);

        Assert.Equal(_folder.PathOf("images/a.jpg"), SafePath.Resolve(_folder.Root, "images/a.jpg"));
    }

    [Fact]
    public void A_root_reached_through_a_link_still_works()
    {
        _outside.Write("a.jpg", "x");
        _folder.Link("linked-root", _outside.Root);
        var root = _folder.PathOf("linked-root");

        Assert.Equal(Path.Combine(root, "a.jpg"), SafePath.Resolve(root, "a.jpg"));
    }

    [Fact]
    public void Refuses_empty_paths()
    {
        Assert.Throws<AnnotationException>(() => SafePath.Resolve(_folder.Root, " "));
    }
}
