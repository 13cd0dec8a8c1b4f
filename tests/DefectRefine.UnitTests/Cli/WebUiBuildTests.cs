using DefectRefine.Cli.Demo;

namespace DefectRefine.UnitTests.Cli;

/// <summary>When the demo installs and builds the labelling UI: only when the build is missing or older than its inputs.</summary>
public sealed class WebUiBuildTests
{
    private static readonly DateTime T = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_fresh_clone_installs_and_builds()
    {
        Assert.Equal(new WebUiPlan(Install: true, Build: true), WebUiBuild.Decide(new WebUiState(null, T, null, T)));
    }

    [Fact]
    public void A_build_newer_than_every_input_needs_nothing_not_even_npm()
    {
        Assert.True(WebUiBuild.Decide(new WebUiState(T, T, T.AddMinutes(1), T)).UpToDate);
        Assert.True(WebUiBuild.Decide(new WebUiState(null, T, T.AddMinutes(1), T)).UpToDate);
    }

    [Fact]
    public void A_source_changed_after_the_build_rebuilds_without_reinstalling()
    {
        Assert.Equal(new WebUiPlan(Install: false, Build: true), WebUiBuild.Decide(new WebUiState(T, T, T.AddMinutes(1), T.AddMinutes(2))));
    }

    [Fact]
    public void A_lock_file_changed_after_the_install_reinstalls_before_the_build()
    {
        Assert.Equal(new WebUiPlan(Install: true, Build: true), WebUiBuild.Decide(new WebUiState(T, T.AddMinutes(3), T.AddMinutes(1), T.AddMinutes(3))));
    }

    [Fact]
    public void Inspect_reads_the_times_of_the_sources_the_build_and_the_install()
    {
        var web = Directory.CreateTempSubdirectory("dr-web-").FullName;
        try
        {
            void Write(string relative, DateTime at)
            {
                var path = Path.Combine(web, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, relative);
                File.SetLastWriteTimeUtc(path, at);
            }
            Write("package.json", T);
            Write("package-lock.json", T);
            Write("index.html", T);
            Write("vite.config.ts", T);
            Write("src/station/view.ts", T.AddMinutes(5));

            Assert.Equal(new WebUiState(null, T, null, T.AddMinutes(5)), WebUiBuild.Inspect(web));
            Assert.Equal(new WebUiPlan(true, true), WebUiBuild.Decide(WebUiBuild.Inspect(web)));

            Write("node_modules/.package-lock.json", T.AddMinutes(1));
            Write("dist/index.html", T.AddMinutes(6));
            Assert.True(WebUiBuild.Decide(WebUiBuild.Inspect(web)).UpToDate);

            Write("src/station/deep/legend.ts", T.AddMinutes(7));
            Assert.Equal(new WebUiPlan(false, true), WebUiBuild.Decide(WebUiBuild.Inspect(web)));

            Write("vite.config.ts", T.AddMinutes(8));
            Write("dist/index.html", T.AddMinutes(7.5));
            Assert.Equal(new WebUiPlan(false, true), WebUiBuild.Decide(WebUiBuild.Inspect(web)));
        }
        finally
        {
            Directory.Delete(web, recursive: true);
        }
    }

    [Fact]
    public void A_folder_without_package_files_is_refused_clearly()
    {
        var web = Directory.CreateTempSubdirectory("dr-web-").FullName;
        try
        {
            Assert.Contains("package.json", Assert.Throws<FileNotFoundException>(() => WebUiBuild.Inspect(web)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(web, recursive: true);
        }
    }
}
