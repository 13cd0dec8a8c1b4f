using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Ingest;
using DefectRefine.LabelStore;
using DefectRefine.Masks;
using DefectRefine.UnitTests;
using OpenCvSharp;

namespace DefectRefine.IntegrationTests.BadInput;

/// <summary>
/// Bad input at Ingest's doors, the HTTP upload and the folder import: each case is refused with a 400 whose detail
/// says what is wrong, and nothing at all is written (no image, no blob, no event, no announcement in the outbox).
/// The hub's cases are in <see cref="Loop.LoopEndToEndTests"/>, the CLI's in <see cref="CliBadInputTests"/>.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class IngestBadInputTests(InfrastructureFixture infrastructure)
{
    public static TheoryData<string, string> UploadCases => new()
    {
        { "corrupt image", "could not be decoded" },
        { "truncated image", "could not be decoded" },
        // "declares": refused from the header, before decoding; a decoder that got that far would say "is".
        { "decompression bomb", "declares 9000x8000 = 72,000,000 pixels" },
        { "TIFF decompression bomb", "declares 9000x8000 = 72,000,000 pixels" },
        { "format whose size is not checked", "not a PNG, JPEG, BMP or TIFF file" },
        { "huge dimensions", "16384" },
        { "empty image", "empty" },
        { "mask of the wrong size", "100x100" },
        { "mask that is not a PNG", "m.png" },
        { "malformed boxes", "'boxes' is not a JSON array" },
        { "box outside the image", "outside the 200x200 image" },
        { "boxes and a mask", "either 'boxes' or a 'mask'" },
        { "path in the file name", "contains a path" },
        { "no image", "no 'image' file" },
        { "not a form", "multipart/form-data" },
        { "threshold out of range", "'threshold' must be a whole number 0..255" },
    };

    [Theory]
    [MemberData(nameof(UploadCases))]
    public async Task A_bad_upload_is_refused_with_its_reason_and_writes_nothing(string upload, string reason)
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var dataset = await hosts.CreateDatasetAsync();
        var before = await CountsAsync(hosts);

        using var content = Upload(upload);
        using var response = await hosts.Ingest.PostAsync($"/api/datasets/{dataset}/images", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(hosts));
    }

    public static TheoryData<string, string> ImportCases => new()
    {
        { "../..", "leaves the import folder" },
        { "/etc", "absolute path" },
        { "escape", "symbolic link" },
        { "missing", "is not a folder below the import root" },
        { "bomb", "declares 9000x8000 = 72,000,000 pixels" },
    };

    [Theory]
    [MemberData(nameof(ImportCases))]
    public async Task A_bad_folder_import_is_refused_with_its_reason_and_writes_nothing(string folder, string reason)
    {
        await using var hosts = new ServiceHosts(infrastructure);
        Directory.CreateSymbolicLink(Path.Combine(hosts.ImportRoot, "escape"), "/etc");
        // A good image and a bomb, each with a mask: the bomb alone spoils the import.
        var images = Directory.CreateDirectory(Path.Combine(hosts.ImportRoot, "bomb", "images")).FullName;
        var masks = Directory.CreateDirectory(Path.Combine(hosts.ImportRoot, "bomb", "masks")).FullName;
        File.Copy(Path.Combine(SharedData.NeuSeg, "images", "train", "000001.jpg"), Path.Combine(images, "000001.jpg"));
        File.Copy(Path.Combine(SharedData.NeuSeg, "masks", "train", "000001.png"), Path.Combine(masks, "000001.png"));
        await File.WriteAllBytesAsync(Path.Combine(images, "000002.png"), Bomb());
        await File.WriteAllBytesAsync(Path.Combine(masks, "000002.png"), Bomb());
        var dataset = await hosts.CreateDatasetAsync();
        var before = await CountsAsync(hosts);

        using var response = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder, format = "mask-png" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains(reason, StringComparison.Ordinal), body);
        Assert.Equal(before, await CountsAsync(hosts));
    }

    [Fact]
    public async Task A_label_file_over_its_cap_is_refused_before_it_is_read_and_writes_nothing()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var images = Directory.CreateDirectory(Path.Combine(hosts.ImportRoot, "yolo", "images")).FullName;
        var labels = Directory.CreateDirectory(Path.Combine(hosts.ImportRoot, "yolo", "labels")).FullName;
        File.Copy(Path.Combine(SharedData.NeuSeg, "images", "train", "000001.jpg"), Path.Combine(images, "000001.jpg"));
        // Well-formed boxes, one over the default cap of 4 MiB: read, they would import.
        var line = "0 0.5 0.5 0.1 0.1\n";
        await File.WriteAllTextAsync(Path.Combine(labels, "000001.txt"), string.Concat(Enumerable.Repeat(line, (4 << 20) / line.Length + 1)));
        var dataset = await hosts.CreateDatasetAsync();
        var before = await CountsAsync(hosts);

        using var response = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "yolo", format = "yolo" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains("one image's label file may hold at most 4,194,304 (setting Ingest:MaxLabelFileBytes)", StringComparison.Ordinal), body);
        Assert.Equal(before, await CountsAsync(hosts));
    }

    private static HttpContent Upload(string upload)
    {
        var neu = File.ReadAllBytes(Path.Combine(SharedData.NeuSeg, "images", "train", "000001.jpg"));
        static MultipartFormDataContent Form(byte[] image, string name = "000001.jpg", params (string Name, string Value)[] fields) =>
            ServiceHosts.UploadForm(image, name, fields);
        MultipartFormDataContent WithMask(byte[] mask, params (string Name, string Value)[] fields)
        {
            var form = Form(neu, "000001.jpg", fields);
            form.Add(new ByteArrayContent(mask), "mask", "m.png");
            return form;
        }
        return upload switch
        {
            "corrupt image" => Form("this is not an image at all"u8.ToArray(), "x.png"),
            "truncated image" => Form(neu[..(neu.Length / 3)]),
            "decompression bomb" => Form(Bomb(), "bomb.png"),
            "TIFF decompression bomb" => Form(Bomb(".tiff"), "bomb.tiff"),
            "format whose size is not checked" => Form(Encode(new Mat(200, 200, MatType.CV_8UC1, Scalar.All(90)), ".webp"), "000001.webp"),
            "huge dimensions" => Form(Encode(new Mat(2, 20_000, MatType.CV_8UC1, Scalar.All(0))), "wide.png"),
            "empty image" => Form([], "empty.png"),
            "mask of the wrong size" => WithMask(MaskPng.Encode(new BinaryMask(100, 100))),
            "mask that is not a PNG" => WithMask("GIF89a nonsense"u8.ToArray()),
            "malformed boxes" => Form(neu, "000001.jpg", ("boxes", "[{\"x\": 1, \"y\":")),
            "box outside the image" => Form(neu, "000001.jpg", ("boxes", "[{\"x\":190,\"y\":10,\"width\":20,\"height\":20}]")),
            "boxes and a mask" => WithMask(MaskPng.Encode(new BinaryMask(200, 200)), ("boxes", "[{\"x\":1,\"y\":1,\"width\":5,\"height\":5}]")),
            "path in the file name" => Form(neu, "../../etc/cron.d/000001.jpg"),
            "no image" => new MultipartFormDataContent { { new StringContent("1"), "seed" } },
            "threshold out of range" => WithMask(MaskPng.Encode(new BinaryMask(200, 200)), ("threshold", "256")),
            "not a form" => JsonContent.Create(new { image = "000001.jpg" }),
            _ => throw new ArgumentOutOfRangeException(nameof(upload), upload, null),
        };
    }

    /// <summary>9000×8000 pixels of zeros: a few tens of kilobytes that would decode to 72 MB.</summary>
    private static byte[] Bomb(string extension = ".png")
    {
        using var zeros = new Mat(8000, 9000, MatType.CV_8UC1, Scalar.All(0));
        return Encode(zeros, extension);
    }

    private static byte[] Encode(Mat image, string extension = ".png")
    {
        using (image)
            return image.ImEncode(extension);
    }

    /// <summary>Everything an upload or import could write: images, blobs, events, outbox messages.</summary>
    private async Task<(long Images, long Blobs, long Events, long Outbox)> CountsAsync(ServiceHosts hosts)
    {
        Task<long> CountAsync(string table) => StoreRows.CountAsync(infrastructure.Postgres, hosts.Schema, table);
        return (await CountAsync("mt_doc_imagerecord"), await CountAsync(ImageBlobs.TableName), await CountAsync("mt_events"), await CountAsync(LabelStore.Outbox.Outbox.TableName));
    }
}
