namespace Detect.Transforms;

/// <summary>RandomFlip's directions (MMDetection's 'horizontal', 'vertical', 'diagonal').</summary>
public enum FlipDirection
{
    /// <summary>Left–right: x' = w − x.</summary>
    Horizontal,

    /// <summary>Top–bottom: y' = h − y.</summary>
    Vertical,

    /// <summary>Both axes (a 180° rotation).</summary>
    Diagonal,
}

/// <summary>Conversions between <see cref="FlipDirection"/> and MMDetection's direction strings.</summary>
public static class FlipDirections
{
    /// <summary>'horizontal', 'vertical' or 'diagonal'.</summary>
    public static string ToMmdetName(this FlipDirection direction) => direction.ToString().ToLowerInvariant();

    /// <summary>Parses MMDetection's direction name; throws naming the valid ones.</summary>
    public static FlipDirection Parse(string name) => name switch
    {
        "horizontal" => FlipDirection.Horizontal,
        "vertical" => FlipDirection.Vertical,
        "diagonal" => FlipDirection.Diagonal,
        _ => throw new ArgumentException($"Flip direction must be 'horizontal', 'vertical' or 'diagonal', got '{name}'."),
    };
}
