using Detect.Generators.Model;
using Detect.Generators.Parse;

namespace Detect.Generators.Emit;

/// <summary>
/// Writes a config record's keyed members as code, so nothing needs reflection to walk or change a config:
/// <c>Accept</c> hands each key with its value (or component, or component list) to a visitor, base record's
/// keys first, and <c>With(key, value)</c> returns a copy with one key changed, converting the value to the
/// property's type (<c>ConfigConvert</c>). Printing, JSON, <c>--cfg-options</c> and the run-time checks use them.
/// </summary>
internal static class VisitorEmitter
{
    private const string Config = "global::Detect.Config.";

    public static void Write(SourceWriter w, ComponentModel model)
    {
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override void Accept(" + Config + "IConfigVisitor visitor)");
        w.Open();
        w.Line("base.Accept(visitor);");
        foreach (var p in model.Properties)
            w.Line("visitor." + (p.IsSlot ? p.IsList ? "Items" : "Slot" : "Value") + "(ConfigFields." + p.Name + ", " + p.Name + ");");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override " + Config + "ComponentConfig With(string key, object? value) => key switch");
        w.Open();
        foreach (var p in model.Properties)
            w.Line(TypeNames.Literal(p.Key) + " => this with { " + p.Name + " = " + Convert(p) + " },");
        w.Line("_ => base.With(key, value),");
        w.Close("};");
        w.Line();
        w.Line("/// <summary>The keys this record declares, for visitors.</summary>");
        w.Line("private static class ConfigFields");
        w.Open();
        foreach (var p in model.Properties)
            w.Line("public static readonly " + Config + "ConfigField " + p.Name + " = new(" + TypeNames.Literal(p.Key) + ", " + TypeNames.Literal(p.Name)
                + ", typeof(" + Unannotated(p.IsList ? p.ElementSyntax! : p.TypeSyntax) + ")" + (p.IsList ? ", IsList: true" : "") + ");");
        w.Close();
    }

    private static string Convert(RecordProperty p)
    {
        var type = Unannotated(p.IsList ? p.ElementSyntax! : p.TypeSyntax);
        if (p.IsSlot) return Config + "ConfigConvert." + (p.IsList ? "Items<" : "Slot<") + type + ">(value, key)";
        if (p.IsList) return Config + "ConfigConvert.ToList<" + type + ">(value, key)";
        return Config + "ConfigConvert.To<" + p.TypeSyntax + ">(value, key)";
    }

    // typeof() takes no nullable reference annotation.
    private static string Unannotated(string type) => type.EndsWith("?", System.StringComparison.Ordinal) && !IsValueTypeSyntax(type) ? type.Substring(0, type.Length - 1) : type;

    private static bool IsValueTypeSyntax(string type) => type is "int?" or "long?" or "double?" or "float?" or "bool?";
}
