using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;

namespace Detect.Generators.Emit;

/// <summary>
/// Writes an experiment's typed view of its config, <c>Cfg</c>: the merged tree with each component at its
/// concrete type, so <c>experiment.Cfg.Model.BboxHead.NumClasses</c> reads without casts. A component with
/// sub-components gets a small view class (its values forwarded, its slots typed); one without is its config
/// record itself. A list whose items are all of one type is typed as a list of that type. The view reads the
/// experiment's current config, so <c>with</c> and <c>--cfg-options</c> changes show; a component whose type was
/// changed since compilation fails with a message naming the key.
/// </summary>
internal static class ViewEmitter
{
    private const string Views = "global::Detect.Config.ConfigViews";

    public static void Write(SourceWriter w, MergedExperiment experiment, IReadOnlyDictionary<string, ComponentDescriptor> descriptors)
    {
        var hides = experiment.Target.BaseIsExperiment ? "new " : "";
        w.Line();
        w.Line("/// <summary>The config with every component at its concrete type: <c>Cfg.Model.BboxHead.NumClasses</c>.</summary>");
        w.Line("public " + hides + "ConfigView Cfg => new(Config);");
        w.Line();
        WriteView(w, "ConfigView", experiment.Root, descriptors, "global::Detect.Config.ExperimentConfig", hides);
    }

    private static void WriteView(SourceWriter w, string name, MergedNode node, IReadOnlyDictionary<string, ComponentDescriptor> descriptors, string recordType, string modifiers = "")
    {
        var d = descriptors[node.AttributeName];
        var nested = new List<(string Name, MergedNode Node, string Record)>();
        w.Line("/// <summary>Typed view of " + (node.Path.Length == 0 ? "the config" : "<c>" + node.Path + "</c> (" + d.DisplayName + ")") + ".</summary>");
        w.Line("public " + modifiers + "sealed class " + name + "(" + recordType + " config)");
        w.Open();
        w.Line("/// <summary>The config record viewed.</summary>");
        w.Line("public " + recordType + " Config { get; } = config;");
        foreach (var p in d.Properties)
        {
            w.Line();
            w.Line("/// <summary><c>" + p.Key + "</c>.</summary>");
            w.Line("public " + p.RecordTypeSyntax + " " + p.Name + " => Config." + p.Name + ";");
        }
        foreach (var slot in node.Slots)
        {
            var property = d.Slot(slot.Key)?.Name ?? slot.Key;
            var key = node.Path.Length == 0 ? slot.Key : node.Path + "." + slot.Key;
            w.Line();
            w.Line("/// <summary><c>" + slot.Key + "</c>.</summary>");
            if (!slot.IsList)
            {
                var item = slot.Items[0];
                var (type, viewName) = Typed(item, descriptors, property + "View");
                var cast = Views + ".As<" + Record(item, descriptors) + ">(Config." + property + ", " + Parse.TypeNames.Literal(key) + ")";
                w.Line("public " + type + " " + property + " => " + (viewName is null ? cast : "new(" + cast + ")") + ";");
                if (viewName is not null) nested.Add((viewName, item, Record(item, descriptors)));
                continue;
            }
            var types = slot.Items.Select(i => i.AttributeName).Distinct().ToList();
            if (types.Count != 1)
            {
                w.Line("public global::System.Collections.Generic.IReadOnlyList<global::Detect.Config.ComponentConfig> " + property + " => Config." + property + ";");
                continue;
            }
            var first = slot.Items[0];
            var (itemType, itemView) = Typed(first, descriptors, property + "ItemView");
            var items = Views + ".All<" + Record(first, descriptors) + ">(Config." + property + ", " + Parse.TypeNames.Literal(key) + ")";
            w.Line("public global::System.Collections.Generic.IReadOnlyList<" + itemType + "> " + property + " => "
                + (itemView is null ? items : "[.. global::System.Linq.Enumerable.Select(" + items + ", item => new " + itemView + "(item))]") + ";");
            // Items differ in their sub-components only through indexed paths; the first item's shape types them all.
            if (itemView is not null) nested.Add((itemView, first, Record(first, descriptors)));
        }
        foreach (var (viewName, child, record) in nested)
        {
            w.Line();
            WriteView(w, viewName, child, descriptors, record);
        }
        w.Close();
    }

    /// <summary>The type a slot shows: the config record for a component without sub-components, else a view class to write.</summary>
    private static (string Type, string? ViewName) Typed(MergedNode node, IReadOnlyDictionary<string, ComponentDescriptor> descriptors, string viewName) =>
        node.Slots.Count == 0 ? (Record(node, descriptors), null) : (viewName, viewName);

    private static string Record(MergedNode node, IReadOnlyDictionary<string, ComponentDescriptor> descriptors) => descriptors[node.AttributeName].ConfigTypeName;
}
