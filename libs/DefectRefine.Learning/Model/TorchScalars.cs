using TorchSharp;

namespace DefectRefine.Learning.Model;

/// <summary>
/// Scalars that live for the whole process. TorchSharp turns a number passed to a tensor operation into a Scalar with a
/// finalizer and hands only its native pointer to libtorch; nothing keeps the Scalar alive during the call, so a
/// garbage collection on another thread can free it while libtorch still reads it (we saw "alpha must not be a floating
/// point number" and "toFloat" failures under GC pressure). The learning code therefore never lets TorchSharp make a
/// temporary Scalar: constants come from here, per-call values from a <c>using</c> variable that outlives the call.
/// </summary>
internal static class TorchScalars
{
    public static readonly Scalar Zero = 0.ToScalar();
    public static readonly Scalar One = 1.ToScalar();
    public static readonly Scalar MinusOne = (-1f).ToScalar();
    public static readonly Scalar Two = 2f.ToScalar();
    public static readonly Scalar PositiveInfinity = float.PositiveInfinity.ToScalar();
    public static readonly Scalar NormEpsilon = 1e-12f.ToScalar();
}
