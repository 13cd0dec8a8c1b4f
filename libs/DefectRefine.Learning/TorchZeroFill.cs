using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace DefectRefine.Learning;

/// <summary>
/// Makes libtorch zero every CPU tensor it allocates (c10's <c>caffe2_cpu_allocator_do_zero_fill</c> flag).
/// <para>
/// Why: oneDNN's convolution (libtorch 2.10, oneDNN 3.7.1) reads the channel padding of its blocked layouts without
/// writing it first whenever a convolution's channel count is not a multiple of the ISA's block (8 with AVX2, 16 with
/// AVX-512). It multiplies that padding by zero, which is harmless for ordinary garbage but gives NaN when the
/// recycled memory held an infinity, and triplet mining fills whole tensors with +inf. One NaN in a gradient reaches
/// every weight. That was the intermittent "loss turned NaN" of the training tests and the Trainer: more frequent when
/// several trainings share a process (more recycling), always at AVX-512 with 8-channel layers, and reproduced on a
/// single 3x3 convolution of 4 channels (a third of its input gradients non-finite after an infinity-filled block was
/// freed). With the flag set none was, at AVX2 or AVX-512; TorchZeroFillTests keeps that check.
/// </para>
/// <para>
/// The cost is one memset per tensor allocation: on the 2-core build machine about a quarter more time per training
/// step and dense map, and a quarter fewer inferred patches per second (docs/benchmarks.md). Only narrow models are
/// exposed, but which oneDNN kernels leave padding unwritten is not documented, so correctness is not made to depend
/// on the model's shape.
/// </para>
/// </summary>
public static class TorchZeroFill
{
    private const string Flag = "FLAGS_caffe2_cpu_allocator_do_zero_fill";
    private static readonly Lazy<bool> Applied = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True once the flag is set in the loaded libtorch; false where this libtorch does not export it.</summary>
    public static bool Enabled => Applied.Value;

    /// <summary>Sets the flag (once per process). Must run before training; cheap to call again.</summary>
    public static bool Ensure() => Applied.Value;

    private static bool Apply()
    {
        // Any tensor operation makes TorchSharp load its natives; the flag must be set in that copy of c10.
        using (zeros(1)) { }
        foreach (var name in new[] { "libc10.so", "c10.dll", "libc10.dylib" })
        {
            // A bare name: the dynamic loader returns the copy TorchSharp already loaded (matched by its soname) instead
            // of opening a second one from another directory, whose flag would change nothing.
            if (!NativeLibrary.TryLoad(name, out var library))
                continue;
            if (!NativeLibrary.TryGetExport(library, Flag, out var address))
                return false;
            Marshal.WriteByte(address, 1);
            return true;
        }
        return false;
    }
}
