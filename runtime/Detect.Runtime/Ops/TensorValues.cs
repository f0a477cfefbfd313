using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// A tensor's values as a .NET array — the one way Detect reads tensors into arrays. It copes with
/// zero elements (TorchSharp's <c>data&lt;T&gt;().ToArray()</c> throws on them, so a model that
/// predicts nothing would crash evaluation, drawing and JSON writing), and does the usual chores:
/// detached, converted to the array's element type, read on the CPU, in row-major order.
/// </summary>
/// <example>
/// <code>
/// float[] boxes = TensorValues.ToArray&lt;float&gt;(pred.Bboxes);   // N×4 → 4N values; N = 0 → []
/// long[] labels = TensorValues.ToArray&lt;long&gt;(pred.Labels);
/// </code>
/// </example>
public static class TensorValues
{
    /// <summary>All values of <paramref name="tensor"/>, row-major, as <typeparamref name="T"/> (float, double, long, int, short, byte, sbyte or bool).</summary>
    public static T[] ToArray<T>(Tensor tensor) where T : unmanaged
    {
        var dtype = DTypeOf<T>();
        if (tensor.numel() == 0) return [];
        using var scope = NewDisposeScope();
        return tensor.detach().to(dtype, CPU).contiguous().data<T>().ToArray();
    }

    static ScalarType DTypeOf<T>() => default(T) switch
    {
        float => ScalarType.Float32,
        double => ScalarType.Float64,
        long => ScalarType.Int64,
        int => ScalarType.Int32,
        short => ScalarType.Int16,
        byte => ScalarType.Byte,
        sbyte => ScalarType.Int8,
        bool => ScalarType.Bool,
        _ => throw new NotSupportedException($"TensorValues cannot read tensors as {typeof(T).Name}."),
    };
}
