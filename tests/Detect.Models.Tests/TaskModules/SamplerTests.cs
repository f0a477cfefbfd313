using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Samplers;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>RandomSampler / PseudoSampler semantics of MMDetection (base_sampler.py, random_sampler.py, pseudo_sampler.py).</summary>
public class SamplerTests
{
    public SamplerTests() => TorchRuntime.EnsureInitialized();

    /// <summary>20 priors: 0–3 positive (gts 1, 2, 1, 2), 4–5 ignored, 6–19 negative.</summary>
    static AssignResult Assignment() => new(2,
        tensor(new long[] { 1, 2, 1, 2, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }),
        rand(20, generator: new Generator(3)),
        tensor(new long[] { 5, 6, 5, 6, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 }));

    static Tensor Priors() => cat([arange(20).unsqueeze(1).to(ScalarType.Float32).repeat(1, 2), arange(20).unsqueeze(1).to(ScalarType.Float32).repeat(1, 2) + 5], 1);
    static Tensor Gts() => tensor(new float[] { 100, 100, 110, 110, 200, 200, 220, 220 }).reshape(2, 4);
    static Tensor GtLabels() => tensor(new long[] { 5, 6 });

    [Fact]
    public void RandomSamplerRespectsItsBudgetAndIsReproducibleWithASeed()
    {
        using var scope = NewDisposeScope();
        using var assignment = Assignment();
        SamplingResult Draw(ulong seed) =>
            new RandomSampler(num: 8, posFraction: 0.25, addGtAsProposals: false, generator: new Generator(seed)).Sample(assignment, Priors(), Gts(), GtLabels());

        using var first = Draw(7);
        using var again = Draw(7);
        Assert.Equal(first.PosInds.data<long>().ToArray(), again.PosInds.data<long>().ToArray());
        Assert.Equal(first.NegInds.data<long>().ToArray(), again.NegInds.data<long>().ToArray());

        // int(8 · 0.25) = 2 positives of the 4, then 6 negatives of the 14, sorted, never an ignored prior.
        var pos = first.PosInds.data<long>().ToArray();
        var neg = first.NegInds.data<long>().ToArray();
        Assert.Equal(2, pos.Length);
        Assert.All(pos, p => Assert.InRange(p, 0, 3));
        Assert.Equal(6, neg.Length);
        Assert.All(neg, n => Assert.InRange(n, 6, 19));
        Assert.Equal(neg.Order().ToArray(), neg);
        Assert.Equal(8, first.AvgFactor);
        // Positives carry their ground truth.
        Assert.Equal(first.PosAssignedGtInds.data<long>().ToArray(), pos.Select(p => p % 2).ToArray());
        Assert.Equal(first.PosGtLabels.data<long>().ToArray(), pos.Select(p => 5 + p % 2).ToArray());
        Assert.Equal(first.PosGtBboxes[.., 0].data<float>().ToArray(), pos.Select(p => p % 2 == 0 ? 100f : 200f).ToArray());
        Assert.Equal(first.PosPriors[.., 0].data<float>().ToArray(), pos.Select(p => (float)p).ToArray());

        using var other = Draw(8);
        Assert.NotEqual(first.NegInds.data<long>().ToArray(), other.NegInds.data<long>().ToArray());
    }

    [Fact]
    public void GroundTruthsAddedAsProposalsAreSampledAsPositives()
    {
        using var scope = NewDisposeScope();
        using var assignment = Assignment();
        using var result = new RandomSampler(num: 100, posFraction: 0.5, generator: new Generator(1)).Sample(assignment, Priors(), Gts(), GtLabels());
        // Priors become [gt0, gt1, prior0 … prior19]; all 6 positives fit in the budget.
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, result.PosInds.data<long>().ToArray());
        Assert.Equal(new byte[] { 1, 1, 0, 0, 0, 0 }, result.PosIsGt.data<byte>().ToArray());
        Assert.Equal(new long[] { 0, 1, 0, 1, 0, 1 }, result.PosAssignedGtInds.data<long>().ToArray());
        Assert.Equal(14, result.NegInds.shape[0]);
        Assert.Equal(20, result.Priors.shape[0]);
        // The assignment the sampler was given is left as it was.
        Assert.Equal(20, assignment.NumPreds);
    }

    [Fact]
    public void NegativesAreCappedPerPositive()
    {
        using var scope = NewDisposeScope();
        using var assignment = Assignment();
        using var result = new RandomSampler(num: 16, posFraction: 0.5, negPosUb: 2, addGtAsProposals: false, generator: new Generator(3))
            .Sample(assignment, Priors(), Gts(), GtLabels());
        Assert.Equal(4, result.PosInds.shape[0]);
        Assert.Equal(8, result.NegInds.shape[0]);    // int(2 · 4)
    }

    [Fact]
    public void WithoutGroundTruthOnlyNegativesAreSampled()
    {
        using var scope = NewDisposeScope();
        using var assignment = new MaxIoUAssigner(0.5, 0.5).Assign(Priors(), zeros(0, 4), zeros(0, dtype: ScalarType.Int64));
        using var result = new RandomSampler(num: 8, posFraction: 0.25, generator: new Generator(0)).Sample(assignment, Priors(), zeros(0, 4), zeros(0, dtype: ScalarType.Int64));
        Assert.Equal(0, result.PosInds.shape[0]);
        Assert.Equal(1, result.NumPos);                   // MMDetection's max(…, 1)
        Assert.Equal(8, result.NegInds.shape[0]);
        Assert.Equal(new long[] { 0, 4 }, result.PosGtBboxes.shape);
    }

    [Fact]
    public void PseudoSamplerTakesEveryPositiveAndNegative()
    {
        using var scope = NewDisposeScope();
        using var assignment = Assignment();
        using var result = new PseudoSampler().Sample(assignment, Priors(), Gts(), GtLabels());
        Assert.Equal(new long[] { 0, 1, 2, 3 }, result.PosInds.data<long>().ToArray());
        Assert.Equal(Enumerable.Range(6, 14).Select(i => (long)i).ToArray(), result.NegInds.data<long>().ToArray());
        Assert.Equal(4, result.AvgFactor);                // positives only
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, result.PosIsGt.data<byte>().ToArray());
    }
}
