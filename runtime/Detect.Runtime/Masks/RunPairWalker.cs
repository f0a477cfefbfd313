namespace Detect.Masks;

/// <summary>
/// Walks two RLEs of one size in step, segment by segment: each segment is a stretch over which
/// neither mask changes value. This is the loop shared by maskApi.c's <c>rleMerge</c> and
/// <c>rleIou</c>, step for step (zero-length segments included), so callers reproduce both exactly.
/// </summary>
internal ref struct RunPairWalker
{
    private readonly ReadOnlySpan<uint> _a;
    private readonly ReadOnlySpan<uint> _b;
    private uint _ca, _cb;
    private int _ia, _ib;
    private bool _va, _vb, _done;

    public RunPairWalker(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        _a = a;
        _b = b;
        _ca = a[0];
        _cb = b[0];
        _ia = _ib = 1;
    }

    /// <summary>The next segment: its length and each mask's value over it; false after the last.</summary>
    /// <exception cref="ArgumentException">The two run lists cover different numbers of pixels (pycocotools would loop forever).</exception>
    public bool Next(out uint length, out bool inA, out bool inB)
    {
        (length, inA, inB) = (0, _va, _vb);
        if (_done) return false;
        uint c = Math.Min(_ca, _cb);
        length = c;
        _ca -= c;
        bool movedA = _ca == 0 && _ia < _a.Length;
        if (movedA) { _ca = _a[_ia++]; _va = !_va; }
        _cb -= c;
        bool movedB = _cb == 0 && _ib < _b.Length;
        if (movedB) { _cb = _b[_ib++]; _vb = !_vb; }
        uint remaining = _ca + _cb;
        _done = remaining == 0;
        if (!_done && c == 0 && !movedA && !movedB)
            throw new ArgumentException("The two RLEs' runs add up to different pixel counts.");
        return true;
    }
}
