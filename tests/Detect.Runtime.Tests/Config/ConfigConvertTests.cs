using Detect.Config;

namespace Detect.Runtime.Tests.Config;

/// <summary>The run-time conversions generated Build() methods fall back to.</summary>
public sealed class ConfigConvertTests
{
    public enum Extra { None, OnInput, OnOutput }

    [Theory]
    [InlineData("on_input", Extra.OnInput)]
    [InlineData("OnOutput", Extra.OnOutput)]
    [InlineData("NONE", Extra.None)]
    public void Enums_match_by_name_ignoring_case_and_underscores(string name, Extra expected) => Assert.Equal(expected, ConfigConvert.ToEnum<Extra>(name));

    [Fact]
    public void Lists_become_arrays_and_tuples()
    {
        ValueList<int> scale = [1333, 800];
        Assert.Equal((1333, 800), ConfigConvert.To<(int, int)>(scale, "scale"));
        Assert.Equal([1333.0, 800.0], ConfigConvert.To<double[]>(scale, "scale"));
        Assert.Equal([1333L, 800L], ConfigConvert.ToArray<long>(scale, "scale"));
        Assert.Equal(new double?((double)7), ConfigConvert.To<double?>(7, "x"));
    }

    [Fact]
    public void A_flat_list_fills_an_array_of_pairs_in_order()
    {
        ValueList<double> ranges = [-1, 64, 64, 128, 128, double.PositiveInfinity];
        Assert.Equal([(-1.0, 64.0), (64.0, 128.0), (128.0, double.PositiveInfinity)], ConfigConvert.To<(double, double)[]>(ranges, "regress_ranges"));
        ValueList<double> odd = [-1, 64, 64];
        Assert.Equal("regress_ranges: 3 values do not make whole 2-tuples.",
            Assert.Throws<ConfigurationException>(() => ConfigConvert.To<(double, double)[]>(odd, "regress_ranges")).Message);
    }

    [Fact]
    public void Impossible_conversions_name_the_key()
    {
        ValueList<int> three = [1, 2, 3];
        Assert.Equal("scale: 3 values do not fit a 2-tuple.", Assert.Throws<ConfigurationException>(() => ConfigConvert.To<(int, int)>(three, "scale")).Message);
        Assert.StartsWith("'sideways' is not one of Extra's values", Assert.Throws<ConfigurationException>(() => ConfigConvert.ToEnum<Extra>("sideways")).Message);
    }
}
