using Detect.Config.Checks;

namespace Detect.Generators.Tests;

/// <summary>Config keys are MMDetection's: the snake_case of the C# property names.</summary>
public sealed class ConfigNamingTests
{
    [Theory]
    [InlineData("OutIndices", "out_indices")]
    [InlineData("BgrToRgb", "bgr_to_rgb")]
    [InlineData("RoiHead", "roi_head")]
    [InlineData("W0", "w0")]
    [InlineData("GroupW", "group_w")]
    [InlineData("NmsPre", "nms_pre")]
    [InlineData("IouThreshold", "iou_threshold")]
    public void Keys_are_the_snake_case_of_property_names(string name, string key) => Assert.Equal(key, ConfigNaming.ToSnakeCase(name));
}
