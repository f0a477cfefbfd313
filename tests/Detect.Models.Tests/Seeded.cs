using static TorchSharp.torch;

namespace Detect.Models.Tests;

/// <summary>
/// Random-weight modules built reproducibly. Module initialisers draw from torch's global generator and xunit runs test classes
/// in parallel, so every build takes one lock and seeds the generator first; inputs use their own <see cref="Generator"/>s.
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
