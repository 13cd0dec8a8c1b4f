using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using Npgsql;
using OpenCvSharp;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Ingest;

/// <summary>
/// Imports and exports go one image at a time. An import sends each image to PostgreSQL before it reads the next
/// (and still stores nothing when a later one is bad); an export starts its response before it has read every mask.
/// Both are shown from outside the process, on real PostgreSQL: a named pipe holds the import at its last image while
/// the test measures what the database has received, and the test pauses an export's download, breaks the database
/// under it, and sees the download break off rather than finish.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class StreamingTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    private const int Images = 24;
    private const int Side = 384;

    [Fact]
    public async Task An_import_writes_each_image_before_reading_the_next_and_a_bad_last_image_leaves_nothing()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var folder = Path.Combine(hosts.ImportRoot, "noise");
        var originalBytes = WriteNoiseFolder(folder);
        // The last image (in name order) is a pipe: the import waits on it until the test writes into it.
        var pipe = Path.Combine(folder, "images", "zz.png");
        MakeFifo(pipe);
        await File.WriteAllTextAsync(Path.Combine(folder, "labels", "zz.txt"), "");
        var dataset = await hosts.CreateDatasetAsync();
        var before = await BlobBytesAsync(hosts);

        // On its own thread: the import will block one, opening the pipe.
        var import = Task.Run(() => hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "noise", format = "yolo" }));
        try
        {
            Trace($"polling; {originalBytes:N0} bytes of images, table at {before:N0}");
            // Uncommitted rows take space in the table already: their growth shows what left the process.
            var clock = Stopwatch.StartNew();
            long grown;
            while ((grown = await BlobBytesAsync(hosts) - before) < originalBytes && !import.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(90))
                await Task.Delay(200);
            Trace($"grown {grown:N0} after {clock.Elapsed}");
            Assert.False(import.IsCompleted, "the import ended before its last image was written");
            Assert.True(grown >= originalBytes,
                $"while the import waits for its last image the database has received {grown:N0} bytes, less than the {originalBytes:N0} of the {Images} images before it: they are held in memory");
        }
        finally
        {
            // Not an image: the import must refuse it and drop the 24 images already written.
            await WritePipeAsync(pipe, "not an image"u8.ToArray());
        }

        using var refused = await import;
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("zz.png", body, StringComparison.Ordinal);
        Assert.Equal(0, await StoreRows.CountAsync(infrastructure.Postgres, hosts.Schema, "mt_doc_imagerecord"));
        Assert.Equal(0, await StoreRows.CountAsync(infrastructure.Postgres, hosts.Schema, ImageBlobs.TableName));
        Assert.Equal(0, await StoreRows.CountAsync(infrastructure.Postgres, hosts.Schema, LabelStore.Outbox.Outbox.TableName));

        // Nothing half-written stands in the way: the folder, mended, imports whole.
        File.Delete(pipe);
        await File.WriteAllBytesAsync(pipe, NoisePng(99));
        using var accepted = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "noise", format = "yolo" });
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync());
        Assert.Equal(Images + 1, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("images").GetInt32());
    }

    [Fact]
    public async Task An_export_starts_before_it_has_read_every_mask_and_breaks_off_when_reading_fails()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        WriteNoiseFolder(Path.Combine(hosts.ImportRoot, "noise"));
        var dataset = await hosts.CreateDatasetAsync();
        // Noise masks: each PNG is some 18 KB that no compression shrinks, so the zip far outgrows any buffer on the way.
        using (var imported = await hosts.Ingest.PostAsJsonAsync($"/api/datasets/{dataset}/imports", new { folder = "noise", format = "yolo", initial = "noise" }))
            Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());

        // A whole export first, to know its size and that it is a good zip.
        var whole = await hosts.Ingest.GetByteArrayAsync($"/api/datasets/{dataset}/export?format=png");
        using (var zip = new ZipArchive(new MemoryStream(whole)))
            Assert.Equal(Images + 1, zip.Entries.Count);

        using var response = await hosts.Ingest.GetAsync($"/api/datasets/{dataset}/export?format=png", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[4];
        await body.ReadExactlyAsync(first);
        Assert.Equal("PK\u0003\u0004"u8.ToArray(), first);

        // The download is paused with most of the archive unsent; the masks still to be read become unreadable.
        await using (var connection = new NpgsqlConnection(infrastructure.Postgres))
        {
            await connection.OpenAsync();
            await using var rename = new NpgsqlCommand($"alter table {hosts.Schema}.mt_events rename to mt_events_gone", connection);
            await rename.ExecuteNonQueryAsync();
        }

        // Buffered, the response would have held every mask before its first byte and would now finish whole.
        var rest = new MemoryStream();
        var error = await Record.ExceptionAsync(() => body.CopyToAsync(rest));
        Assert.True(error is not null, $"the export finished whole ({rest.Length + 4:N0} of {whole.Length:N0} bytes) after its masks became unreadable: it read them all before it answered");
        Assert.True(rest.Length + 4 < whole.Length, $"{rest.Length + 4:N0} of {whole.Length:N0} bytes arrived");
    }

    private void Trace(string line) => output.WriteLine(line);

    /// <summary>A YOLO folder of <see cref="Images"/> noise images with empty label files; returns the images' bytes.</summary>
    private static long WriteNoiseFolder(string folder)
    {
        var images = Directory.CreateDirectory(Path.Combine(folder, "images")).FullName;
        var labels = Directory.CreateDirectory(Path.Combine(folder, "labels")).FullName;
        long total = 0;
        for (var i = 0; i < Images; i++)
        {
            var png = NoisePng(i);
            File.WriteAllBytes(Path.Combine(images, $"{i:D3}.png"), png);
            File.WriteAllText(Path.Combine(labels, $"{i:D3}.txt"), "");
            total += png.Length;
        }
        return total;
    }

    private static byte[] NoisePng(int seed)
    {
        Cv2.SetTheRNG((ulong)(seed + 1));
        using var noise = new Mat(Side, Side, MatType.CV_8UC1);
        Cv2.Randu(noise, Scalar.All(0), Scalar.All(256));
        return noise.ImEncode(".png");
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>Writes into the pipe and closes it; the import is waiting to read it, so opening it does not block.</summary>
    private static async Task WritePipeAsync(string path, byte[] bytes)
    {
        await using var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        await writer.WriteAsync(bytes);
    }

    private async Task<long> BlobBytesAsync(ServiceHosts hosts)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand($"select pg_total_relation_size('{hosts.Schema}.{ImageBlobs.TableName}')", connection);
        return (long)(await size.ExecuteScalarAsync())!;
    }
}
