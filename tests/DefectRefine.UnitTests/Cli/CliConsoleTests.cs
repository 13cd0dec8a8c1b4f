using DefectRefine.Cli.Infrastructure;
using Spectre.Console;

namespace DefectRefine.UnitTests.Cli;

/// <summary>Tables written through <see cref="CliConsole"/> to a pipe or file keep every cell on one line.</summary>
public sealed class CliConsoleTests
{
    private static readonly string[] Cells =
    [
        "c5a0b7e2-3a54-4a0f-9d8e-2f7d1b0c9e11",
        "steel-0042-with-a-rather-long-file-name.png",
        "Segmentation mask imported from masks/steel-0042.png with 3 regions",
        "simulated-expert-3 / station-a",
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("220")]
    public void A_redirected_table_splits_no_cell_across_lines(string? columns)
    {
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer, terminal: false, columns);
        console.Write(new Table().AddColumns("image", "file", "summary", "who").AddRow(Cells));

        var lines = writer.ToString().Split('\n');
        foreach (var cell in Cells)
            Assert.Contains(lines, line => line.Contains(cell, StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redirected_output_is_as_wide_as_COLUMNS_else_wide_enough_for_any_table()
    {
        Assert.Equal(220, CliConsole.Width("220"));
        Assert.Equal(CliConsole.RedirectedWidth, CliConsole.Width(null));
        Assert.Equal(CliConsole.RedirectedWidth, CliConsole.Width("wide"));
        Assert.Equal(CliConsole.RedirectedWidth, CliConsole.Width("0"));
        Assert.True(CliConsole.RedirectedWidth >= 200);
    }
}
