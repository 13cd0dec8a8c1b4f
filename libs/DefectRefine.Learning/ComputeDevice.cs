using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.Learning;

/// <summary>Picks CUDA when TorchSharp reports it and CPU otherwise; nothing else in the code may assume a GPU.</summary>
public static class ComputeDevice
{
    public static Device Select(bool allowCuda = true)
    {
        NativeAllocator.Tune();
        TorchZeroFill.Ensure();
        if (allowCuda && cuda.is_available())
            return CUDA;
        // libtorch defaults to one thread per core already; set it explicitly so benchmarks are reproducible.
        set_num_threads(Math.Max(1, Environment.ProcessorCount));
        return CPU;
    }

    public static string Describe(Device device) =>
        device.type == DeviceType.CUDA
            ? $"cuda:{device.index} ({cuda.device_count()} device(s))"
            : $"cpu ({get_num_threads()} threads, TorchSharp {typeof(torch).Assembly.GetName().Version}, zero-filled allocations {(TorchZeroFill.Enabled ? "on" : "OFF")})";
}
