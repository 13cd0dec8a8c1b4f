using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DefectRefine.Learning;

/// <summary>
/// Caps oneDNN, libtorch's CPU convolution library, at AVX2 unless the environment already says otherwise. On the
/// AMD EPYC virtual machines this project is built on, every oneDNN AVX-512 code path (AVX512_CORE and up) turned
/// the loss into NaN within a few steps and ran 5–10 times slower, while AVX2 trained correctly; ATen's own AVX-512
/// kernels are unaffected. A plant with AVX-512 hardware it trusts sets <c>DNNL_MAX_CPU_ISA</c> itself (e.g.
/// <c>ALL</c>), which is left alone. oneDNN reads the variable from the C environment when it first dispatches, so
/// it is set with libc's setenv (Environment.SetEnvironmentVariable does not reach native code on Unix) as soon as
/// this assembly loads, before any tensor exists.
/// </summary>
public static partial class OneDnnIsaCap
{
    public const string Variable = "DNNL_MAX_CPU_ISA";
    public const string DefaultCap = "AVX2";

    /// <summary>The cap in effect for this process, as oneDNN will read it; null where none could be set.</summary>
    public static string? Effective { get; private set; }

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Must run before libtorch dispatches its first convolution, whichever type of this library is used first.")]
    internal static void Apply()
    {
        var existing = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            Effective = existing;
            return;
        }
        if (OperatingSystem.IsWindows())
            return;
        try
        {
            if (SetEnv(Variable, DefaultCap, overwrite: 0) == 0)
                Effective = DefaultCap;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            Effective = null;
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
