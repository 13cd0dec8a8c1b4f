using DefectRefine.Masks;
using OpenCvSharp;

namespace DefectRefine.UnitTests.Annotations;

/// <summary>A throw-away import folder under the system temp directory, deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "defectrefine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A grey image of the given size, encoded by the file's extension (.jpg, .png, .bmp).</summary>
    public string Image(string relative, int width = 200, int height = 200)
    {
        using var mat = new Mat(height, width, MatType.CV_8UC1, Scalar.All(90));
        return Write(relative, mat.ImEncode(Path.GetExtension(relative)));
    }

    public string Mask(string relative, BinaryMask mask) => Write(relative, MaskPng.Encode(mask));

    public string CopyFrom(string source, string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path);
        return path;
    }

    public void Link(string relative, string target)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (Directory.Exists(target))
            Directory.CreateSymbolicLink(path, target);
        else
            File.CreateSymbolicLink(path, target);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }
}
