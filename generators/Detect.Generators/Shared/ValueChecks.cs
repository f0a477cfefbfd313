using System.Linq;

namespace Detect.Config.Checks;

/// <summary>Value checks declared on config properties: ranges, non-empty lists, allowed values, lengths, types (DET501-DET504, DET401).</summary>
internal static class ValueChecks
{
    public static void Check(IConfigView root, ICheckReporter reporter)
    {
        foreach (var node in ConfigWalk.SelfAndDescendants(root))
            foreach (var property in node.PropertyNames)
                foreach (var rule in node.PropertyRules(property))
                    CheckOne(node, property, rule, reporter);
    }

    private static void CheckOne(IConfigView node, string property, RuleView rule, ICheckReporter reporter)
    {
        var value = node.Value(property);
        var blame = new[] { new Blame(node, property), new Blame(node) };
        var list = ValueText.AsList(value);
        switch (rule.Name)
        {
            case "InRange":
                var min = ValueText.AsDouble(rule.Arg("Min")) ?? double.NegativeInfinity;
                var max = ValueText.AsDouble(rule.Arg("Max")) ?? double.PositiveInfinity;
                var disabled = ValueText.AsDouble(rule.Arg("Disabled")) ?? double.NaN;
                var values = list ?? new[] { value };
                if (values.Select(ValueText.AsDouble).Any(v => v is not null && v != disabled && (v < min || v > max)))
                    reporter.Report(DiagnosticCatalog.OutOfRange, blame, node.TypeName, property, ValueText.Format(value), Bound(min), Bound(max),
                        double.IsNaN(disabled) ? "" : " (" + Bound(disabled) + " switches it off)");
                break;
            case "NotEmpty":
                if ((list is not null && list.Count == 0) || (value is string s && s.Length == 0) || value is null)
                    reporter.Report(DiagnosticCatalog.EmptyList, blame, node.TypeName, property);
                break;
            case "OneOf":
                var allowed = ValueText.AsList(rule.Arg("Values"));
                if (allowed is not null && value is not null && !allowed.Any(a => ValueText.SameValue(a, value)))
                    reporter.Report(DiagnosticCatalog.NotOneOf, blame, node.TypeName, property, ValueText.Format(value),
                        string.Join(", ", allowed.Select(ValueText.Format)));
                break;
            case "Length":
                var length = ValueText.AsLong(rule.Arg("Length"));
                var multiple = rule.Arg("Multiple") is true;
                if (list is not null && length is > 0 && (multiple ? list.Count % length != 0 : list.Count != length))
                    reporter.Report(DiagnosticCatalog.WrongLength, blame, node.TypeName, property, ValueText.Format(value),
                        multiple ? "a multiple of " + length.Value : length.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "Implements":
                var typeName = rule.Arg("TypeName") as string ?? "";
                if (value is TypeRef t && (!t.Lineage.Contains(typeName) || !t.HasDefaultConstructor))
                    reporter.Report(DiagnosticCatalog.NotAHook, blame, node.TypeName, property, t.Name, "derive from " + typeName);
                break;
        }
    }

    private static string Bound(double d) =>
        double.IsInfinity(d) ? (d > 0 ? "inf" : "-inf") : d == System.Math.Floor(d) && System.Math.Abs(d) < 1e15 ? ((long)d).ToString(System.Globalization.CultureInfo.InvariantCulture) : ValueText.FormatDouble(d);
}
