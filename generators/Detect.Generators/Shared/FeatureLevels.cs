using System.Collections.Generic;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>
/// The feature maps a component outputs (detectron2's <c>output_shape()</c> as data): channels and
/// stride per level, who produces them (for messages) and what to blame when they do not fit.
/// </summary>
internal sealed class FeatureLevels
{
    public FeatureLevels(long[] channels, long[]? strides, string producer, string channelOrigin, string strideOrigin,
        IReadOnlyList<Blame> channelBlames, IReadOnlyList<Blame> strideBlames)
    {
        Channels = channels;
        Strides = strides;
        Producer = producer;
        ChannelOrigin = channelOrigin;
        StrideOrigin = strideOrigin;
        ChannelBlames = channelBlames;
        StrideBlames = strideBlames;
    }

    public long[] Channels { get; }
    /// <summary>Null when the strides cannot be known (e.g. the input of a neck has no shape rule).</summary>
    public long[]? Strides { get; }
    /// <summary>E.g. <c>ResNet-18</c>, <c>FPN</c>.</summary>
    public string Producer { get; }
    public string ChannelOrigin { get; }
    public string StrideOrigin { get; }
    public IReadOnlyList<Blame> ChannelBlames { get; }
    public IReadOnlyList<Blame> StrideBlames { get; }

    /// <summary>One number when every level has the same channels, else the list.</summary>
    public string ChannelText => Channels.Distinct().Count() == 1 ? Channels[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : ValueText.FormatLongs(Channels);
}

/// <summary>
/// Measures the output levels of a component that has no shape rule (a user-defined backbone or neck),
/// given its input levels; the runtime does it by running the built module once on a small input.
/// </summary>
internal interface IFeatureProbe
{
    FeatureLevels? Measure(IConfigView node, FeatureLevels? input);
}
