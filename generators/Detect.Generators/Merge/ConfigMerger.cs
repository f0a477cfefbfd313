using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Detect.Generators.Parse;

namespace Detect.Generators.Merge;

/// <summary>
/// Merge phase: applies the holders in MMEngine order (base record, then base parts in order, then
/// the record's own attributes): field-wise override, lists replaced, <c>Delete</c> drops the
/// inherited component, a changed component type without <c>Delete</c> is an error (a type that
/// derives from the old one merges into it). Then variables flow into the loaders.
/// </summary>
internal sealed class ConfigMerger
{
    private readonly Dictionary<string, ComponentDescriptor> _descriptors;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly List<string> _mergeOrder = new();
    private readonly string _experiment;
    private readonly MutableNode _root;
    private int _order;

    private ConfigMerger(ExperimentModel model)
    {
        _descriptors = model.Descriptors.ToDictionary(d => d.FullName);
        _diagnostics = model.Diagnostics.ToList();
        _experiment = model.Target.Name;
        _root = new MutableNode("", KnownNames.ExperimentAttribute, new Origin(_experiment, "set in " + _experiment, 0, model.Target.Location));
    }

    public static MergedExperiment Merge(ExperimentModel model)
    {
        var merger = new ConfigMerger(model);
        merger.ApplyHolder(model.Holder, via: null, touched: null);
        new VariableFlow(merger._descriptors, merger._diagnostics).Apply(merger._root);
        if (model.Target.IsExperiment) merger.CheckRequired(merger._root);
        return new MergedExperiment(model.Target, merger._root.Freeze(merger._descriptors), merger._mergeOrder.ToEquatableArray(),
            model.Descriptors, merger._diagnostics.ToEquatableArray());
    }

    private void ApplyHolder(HolderModel holder, string? via, List<(string Key, SourceSpan? Where)>? touched)
    {
        if (holder.Base is { } b) ApplyHolder(b, via, touched);
        var seen = new Dictionary<string, string>();
        foreach (var part in holder.Parts)
        {
            var partTouched = new List<(string Key, SourceSpan? Where)>();
            var partVia = via ?? (holder.Name == _experiment ? "from part " + part.Name : "inherited from " + holder.Name + " via part " + part.Name);
            ApplyHolder(part, partVia, partTouched);
            foreach (var (key, where) in partTouched)
            {
                if (seen.TryGetValue(key, out var other) && other != part.Name)
                    Report(DiagnosticCatalog.SetTwice, where, key, "part " + other, "part " + part.Name);
                else seen[key] = part.Name;
            }
            touched?.AddRange(partTouched);
        }
        var description = via ?? (holder.Name == _experiment ? "set in " + _experiment : "inherited from " + holder.Name);
        _mergeOrder.Add(holder.PartKind is null ? holder.Name : holder.Name + " (" + holder.PartKind.ToLowerInvariant() + " part)");
        new AttributeApplier(this, holder, description, touched).ApplyAll();
    }

    private void CheckRequired(MutableNode node)
    {
        if (!_descriptors.TryGetValue(node.AttributeName, out var d)) return;
        foreach (var slot in d.Slots)
        {
            if (slot.Required && !slot.IsList && node.Slot(slot.Key)?.Single is null)
                Report(DiagnosticCatalog.MissingComponent, node.TypeOrigin.Location, node.ChildPath(slot.Key), KindName(slot.KindName), "");
        }
        foreach (var child in node.Slots.SelectMany(s => s.Items)) CheckRequired(child);
    }

    internal void Report(DiagnosticEntry entry, SourceSpan? where, params string[] args) =>
        _diagnostics.Add(new DiagnosticInfo(entry.Id, where, args.ToEquatableArray()));

    internal static string KindName(string kindFullName) =>
        ConfigNaming.AttributeUsageName(kindFullName.Substring(kindFullName.LastIndexOf('.') + 1));

    internal ComponentDescriptor? Descriptor(string name) => _descriptors.TryGetValue(name, out var d) ? d : null;

    internal MutableNode Root => _root;

    internal int NextOrder() => ++_order;
}
