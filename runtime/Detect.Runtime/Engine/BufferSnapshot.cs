using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// A copy of a model's buffers (BatchNorm's running statistics and batch counts), taken before each
/// training forward so that an iteration whose loss turns out invalid can be undone completely: the
/// forward pass of a NaN batch has already folded NaN into the running statistics, which the weights'
/// untouched state alone would not undo. The copies are allocated once and refilled in place.
/// </summary>
internal sealed class BufferSnapshot(nn.Module model) : IDisposable
{
    readonly Dictionary<string, Tensor> saved = [];

    /// <summary>Copies every buffer's current value.</summary>
    public void Take()
    {
        using var noGrad = no_grad();
        foreach (var (name, buffer) in model.named_buffers())
        {
            if (!saved.TryGetValue(name, out var copy) || !copy.shape.SequenceEqual(buffer.shape)
                || copy.dtype != buffer.dtype || copy.device_type != buffer.device_type || copy.device_index != buffer.device_index)
            {
                copy?.Dispose();
                saved[name] = copy = empty_like(buffer).DetachFromDisposeScope();
            }
            copy.copy_(buffer);
        }
    }

    /// <summary>Puts the values of the last <see cref="Take"/> back.</summary>
    public void Restore()
    {
        using var noGrad = no_grad();
        foreach (var (name, buffer) in model.named_buffers())
            if (saved.TryGetValue(name, out var copy)) buffer.copy_(copy);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var copy in saved.Values) copy.Dispose();
        saved.Clear();
    }
}
