using System.Reflection;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Tests;

/// <summary>
/// Cached models hold plain values only: no type in Detect.Generators.Model reaches a symbol, a syntax
/// node, a location or a compilation through its fields (which would keep compilations alive and defeat
/// caching), and every one says so in a remark.
/// </summary>
public sealed class ModelPurityTests
{
    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree)];

    [Fact]
    public void Models_hold_no_compiler_objects()
    {
        var models = typeof(ConfigValue).Assembly.GetTypes().Where(t => t.Namespace == typeof(ConfigValue).Namespace && !t.IsNested).ToList();
        Assert.True(models.Count >= 15);
        foreach (var model in models) Walk(model, model.Name, []);
    }

    [Fact]
    public void Every_model_type_says_why_it_holds_plain_values()
    {
        var docs = System.Xml.Linq.XDocument.Load(Path.ChangeExtension(typeof(ConfigValue).Assembly.Location, ".xml"));
        var remarks = docs.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => (string?)m.Element("remarks") ?? "");
        var models = typeof(ConfigValue).Assembly.GetTypes().Where(t => t.Namespace == typeof(ConfigValue).Namespace && !t.IsNested && !t.Name.StartsWith('<'));
        foreach (var model in models.Where(t => t.Name != nameof(EquatableArray)))
        {
            var key = "T:" + model.FullName;
            Assert.True(remarks.TryGetValue(key, out var remark) && remark.Contains("plain values only"), $"{model.Name} lacks the cached-model remark");
        }
    }

    private static void Walk(Type type, string path, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string)) return;
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} is a {type.Name}");
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : []) Walk(argument, path + "<" + argument.Name + ">", seen);
        if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) return;
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Walk(field.FieldType, path + "." + field.Name, seen);
    }
}
