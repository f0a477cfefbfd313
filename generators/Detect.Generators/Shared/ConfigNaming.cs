using System.Text;

namespace Detect.Config.Checks;

/// <summary>How C# names map to MMDetection keys and constructor parameter names.</summary>
internal static class ConfigNaming
{
    /// <summary>
    /// PascalCase to snake_case: <c>OutIndices</c> → <c>out_indices</c>, <c>BgrToRgb</c> → <c>bgr_to_rgb</c>,
    /// <c>RoiHead</c> → <c>roi_head</c>, <c>W0</c> → <c>w0</c>. A new word starts at an upper-case letter
    /// that follows a lower-case letter or digit, or that ends a run of capitals before a lower-case one.
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                var prev = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(prev) || char.IsDigit(prev) || (char.IsUpper(prev) && nextIsLower)) sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>PascalCase to camelCase: <c>OutIndices</c> → <c>outIndices</c>.</summary>
    public static string ToCamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>The attribute usage name of an attribute class: <c>ResNetAttribute</c> → <c>ResNet</c>.</summary>
    public static string AttributeUsageName(string className) =>
        className.EndsWith("Attribute", System.StringComparison.Ordinal) ? className.Substring(0, className.Length - "Attribute".Length) : className;

    /// <summary>The config record name of an attribute class: <c>ResNetAttribute</c> → <c>ResNetConfig</c>.</summary>
    public static string ConfigRecordName(string className) => AttributeUsageName(className) + "Config";
}
