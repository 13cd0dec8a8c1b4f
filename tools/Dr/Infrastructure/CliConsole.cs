using System.Globalization;
using Spectre.Console;

namespace DefectRefine.Cli.Infrastructure;

/// <summary>
/// The one Spectre console every command writes through. In a terminal Spectre measures the window. Redirected (a pipe,
/// a file, a test's writer) it would assume 80 columns and wrap table cells into narrow slivers, so there the width is
/// COLUMNS when set, else <see cref="RedirectedWidth"/>: a table is only as wide as its content, so nothing wraps.
/// </summary>
public static class CliConsole
{
    public const int RedirectedWidth = 1000;

    private static (TextWriter Writer, IAnsiConsole Console)? _current;

    /// <summary>A console over the current <see cref="System.Console.Out"/> (tests swap it), made once per writer.</summary>
    public static IAnsiConsole Out
    {
        get
        {
            var writer = System.Console.Out;
            if (_current is { } current && ReferenceEquals(current.Writer, writer))
                return current.Console;
            var console = Create(writer, terminal: !System.Console.IsOutputRedirected, Environment.GetEnvironmentVariable("COLUMNS"));
            _current = (writer, console);
            return console;
        }
    }

    public static IAnsiConsole Create(TextWriter writer, bool terminal, string? columns)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
            console.Profile.Width = Width(columns);
        return console;
    }

    /// <summary>The width for output that is not a terminal: COLUMNS when it is a positive number, else wide enough for any table.</summary>
    public static int Width(string? columns) =>
        int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width > 0 ? width : RedirectedWidth;
}
