using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.Cli;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Ingest;
using DefectRefine.UnitTests;

namespace DefectRefine.IntegrationTests.BadInput;

/// <summary>
/// Bad input to the <c>dr</c> command line, run through the real command tree against a label store an Ingest host
/// wrote: each case ends with a non-zero exit code and a message that says what is wrong, and writes nothing (no event,
/// no outbox message, no output file).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CliBadInputTests(InfrastructureFixture infrastructure, Xunit.Abstractions.ITestOutputHelper log)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "history list not-a-guid", "Cannot parse argument 'not-a-guid'" },
        { "history list {unknown}", "No mask stream for image {unknown}" },
        { "history revert {image} 99 --reason typo", "has no version 99 (current version 1)" },
        { "history revert {image} 1 --reason initial", "only refinements can be undone" },
        { "history mask {image} --version 42 -o {out}/m.png", "has versions 1..1, not 42" },
        { "history diff {image} --from 5 --to 1", "has versions 1..1, not 5" },
        { "history export {dataset} --format tiff -o {out}/e.zip", "Unknown export format 'tiff'" },
        { "history export {dataset} --layer model -o {out}/e.zip", "Unknown layer 'model': use refined" },
        { "images", "give exactly one of --project P or --dataset D" },
        { "images --project {image} --dataset {dataset}", "give exactly one of --project P or --dataset D" },
        { "images --project not-a-guid", "Cannot parse argument 'not-a-guid' for option '--project'" },
        { "token --user ann --role superuser", "Unknown role 'superuser'" },
        { "token --user ann --role admin --hours 0", "--hours must be above 0" },
        { "generate steel --count 0 -o {out}/gen", "The count must be 1..100000, got 0" },
        { "smoke --imports {out}/imports --images 1", "--images must be 2–200" },
        { "smoke --imports {out}/imports --gateway ftp://example.org", "'ftp://example.org' is not an http(s) address" },
        { "smoke", "Option '--imports' is required" },
        { "schema apply --postgres Host=127.0.0.1 --grant-to Robert';DROP", "is not a role name this tool grants to" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_command_line_fails_with_its_reason_and_writes_nothing(string command, string reason)
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var (dataset, image) = await UploadAsync(hosts);
        var output = Directory.CreateTempSubdirectory("dr-bad-cli-").FullName;
        try
        {
            string Fill(string text) => text.Replace("{image}", image.ToString(), StringComparison.Ordinal)
                .Replace("{dataset}", dataset.ToString(), StringComparison.Ordinal)
                .Replace("{unknown}", "6f1c1b2e-0000-4000-8000-000000000001", StringComparison.Ordinal)
                .Replace("{out}", output, StringComparison.Ordinal);
            var args = Fill(command).Split(' ');
            if (args[0] == "history")
                args = [.. args, "--postgres", infrastructure.Postgres, "--schema", hosts.Schema];
            var before = await WrittenAsync(hosts);

            var (code, text) = await DrAsync(args);
            log.WriteLine($"dr {string.Join(' ', args.TakeWhile(a => a != "--postgres"))} → {code}: {text.Trim()}");

            Assert.True(code != 0, $"dr {string.Join(' ', args)} exited 0:\n{text}");
            Assert.True(text.Contains(Fill(reason), StringComparison.Ordinal), $"the message does not name '{Fill(reason)}':\n{text}");
            Assert.Equal(before, await WrittenAsync(hosts));
            Assert.Empty(Directory.EnumerateFileSystemEntries(output, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(Guid Dataset, Guid Image)> UploadAsync(ServiceHosts hosts)
    {
        var dataset = await hosts.CreateDatasetAsync();
        using var form = ServiceHosts.UploadForm(await File.ReadAllBytesAsync(Path.Combine(SharedData.NeuSeg, "images", "train", "000001.jpg")), "000001.jpg",
            ("boxes", "[{\"x\":10,\"y\":10,\"width\":50,\"height\":40}]"));
        var created = await hosts.Ingest.PostAsync($"/api/datasets/{dataset}/images", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (dataset, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    /// <summary>Events, images and unsent messages, once the upload's own announcement has left the outbox.</summary>
    private async Task<(long Events, long Images, long Outbox)> WrittenAsync(ServiceHosts hosts)
    {
        Task<long> CountAsync(string table) => StoreRows.CountAsync(infrastructure.Postgres, hosts.Schema, table);
        for (var waited = 0; await CountAsync(LabelStore.Outbox.Outbox.TableName) > 0 && waited < 100; waited++)
            await Task.Delay(100);
        return (await CountAsync("mt_events"), await CountAsync("mt_doc_imagerecord"), await CountAsync(LabelStore.Outbox.Outbox.TableName));
    }

    private static Task<(int Code, string Output)> DrAsync(string[] args) => DrInProcess.RunAsync(args);
}
