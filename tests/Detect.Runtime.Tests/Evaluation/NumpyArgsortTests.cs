using Detect.Evaluation;

namespace Detect.Runtime.Tests.Evaluation;

/// <summary>
/// numpy's unstable argsort, whose order of tied scores MMDetection's eval_map inherits, against numpy
/// itself (tests/golden/voc/numpy_argsort_expected.json): ties, NaN, and adversarial keys that push
/// numpy's introsort into its heapsort fallback.
/// </summary>
public class NumpyArgsortTests
{
    [Fact]
    public void OrdersLikeNumpyArgsort()
    {
        foreach (var c in Golden.Json("voc", "numpy_argsort_expected.json").EnumerateArray())
        {
            var keys = c.GetProperty("keys").EnumerateArray()
                .Select(k => k.ValueKind == System.Text.Json.JsonValueKind.Null ? float.NaN : (float)k.GetDouble()).ToArray();
            var expected = c.GetProperty("argsort").EnumerateArray().Select(i => i.GetInt32()).ToArray();
            Assert.Equal(expected, NumpyArgsort.Quicksort(keys));
        }
    }
}
