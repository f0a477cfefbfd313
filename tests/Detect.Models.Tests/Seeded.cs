using static TorchSharp.torch;

namespace Detect.Models.Tests;

/// <summary>
/// Random-weight modules built reproducibly: module initialisers draw from torch's global generator, so a build seeds it first
/// (under a lock, and with test parallelisation off for this assembly, TestOrder.cs, so no other test draws from it meanwhile);
/// inputs use their own <see cref="Generator"/>s.
/// </summary>
internal static class Seeded
{
    static readonly object Gate = new();

    /// <summary><paramref name="build"/> run with torch's global generator seeded to <paramref name="seed"/>.</summary>
    public static T Build<T>(Func<T> build, long seed = 0)
    {
        lock (Gate)
        {
            random.manual_seed(seed);
            return build();
        }
    }
}
