using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Detect.Transforms.Imaging;

/// <summary>
/// Byte permutations of 48-byte blocks (16 three-channel pixels) with SSSE3: each 16-byte output is
/// gathered from the block's three input vectors by three PSHUFBs and two ORs. Used to deinterleave
/// HWC into CHW planes and to mirror a row of BGR pixels.
/// </summary>
internal sealed class Gather48
{
    readonly Vector128<byte>[] masks = new Vector128<byte>[9];

    /// <summary>Output vector j, lane l takes input byte <paramref name="source"/>(16·j + l) of the block.</summary>
    public Gather48(Func<int, int> source)
    {
        var lanes = new byte[9, 16];
        for (int j = 0; j < 3; j++)
            for (int l = 0; l < 16; l++)
            {
                int from = source(16 * j + l);
                for (int v = 0; v < 3; v++) lanes[3 * j + v, l] = from / 16 == v ? (byte)(from % 16) : (byte)0x80;
            }
        for (int m = 0; m < 9; m++)
            masks[m] = Vector128.Create(Enumerable.Range(0, 16).Select(l => lanes[m, l]).ToArray());
    }

    public static bool IsSupported => Ssse3.IsSupported;

    /// <summary>Output vector <paramref name="j"/> of the block (a, b, c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> Output(int j, Vector128<byte> a, Vector128<byte> b, Vector128<byte> c) =>
        Sse2.Or(Sse2.Or(Ssse3.Shuffle(a, masks[3 * j]), Ssse3.Shuffle(b, masks[3 * j + 1])), Ssse3.Shuffle(c, masks[3 * j + 2]));
}
