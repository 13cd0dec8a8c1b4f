using System.Runtime.InteropServices;

namespace DefectRefine.Learning;

/// <summary>
/// Keeps glibc from handing every large tensor's memory back to the kernel. libtorch allocates each activation with
/// malloc; above glibc's mmap threshold (or once the heap top exceeds the trim threshold) the memory is unmapped on
/// free and the next step page-faults it in again. On this 2-core machine that turned a 5 ms convolution into 15 ms
/// (oneDNN's verbose log showed the time in the output reorder, i.e. first touch), and made TorchSharp inference
/// several times slower than PyTorch. Raising both thresholds keeps freed tensors in the heap for reuse, so resident
/// memory settles at the peak working set instead of being returned and re-faulted step after step.
/// </summary>
public static partial class NativeAllocator
{
    private const int MallocTrimThreshold = -1;
    private const int MallocMmapThreshold = -3;

    // glibc caps a settable mmap threshold at 32 MB on 64-bit (larger values are refused).
    private const int MmapThreshold = 32 * 1024 * 1024;
    private const int TrimThreshold = 1024 * 1024 * 1024;

    private static int applied;

    /// <summary>True when the thresholds were raised (Linux with glibc); false elsewhere, where it is a no-op.</summary>
    public static bool Tuned { get; private set; }

    public static void Tune()
    {
        if (Interlocked.Exchange(ref applied, 1) == 1 || !OperatingSystem.IsLinux())
            return;
        try
        {
            Tuned = Mallopt(MallocMmapThreshold, MmapThreshold) == 1 & Mallopt(MallocTrimThreshold, TrimThreshold) == 1;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no mallopt; their allocators behave differently anyway.
            Tuned = false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
