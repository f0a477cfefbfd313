using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;

namespace Detect.Generators.Validate;

/// <summary>The shared checks' view of a merged node: effective values (defaults applied) and their origins.</summary>
internal sealed class MergedView(MergedNode node, IReadOnlyDictionary<string, ComponentDescriptor> descriptors) : IConfigView
{
    private readonly ComponentDescriptor? _descriptor = descriptors.TryGetValue(node.AttributeName, out var d) ? d : null;

    public MergedNode Node => node;

    public string Path => node.Path;

    public string TypeName => _descriptor?.DisplayName ?? node.AttributeName;

    public string TypeOrigin => node.TypeOrigin.Description;

    public IReadOnlyList<RuleView> Rules => _descriptor?.Rules.Select(ToView).ToList() ?? new List<RuleView>();

    public IReadOnlyList<string> PropertyNames => _descriptor?.Properties.Select(p => p.Name).ToList() ?? new List<string>();

    public IReadOnlyList<RuleView> PropertyRules(string property) =>
        _descriptor?.Property(property)?.Checks.Select(ToView).ToList() ?? new List<RuleView>();

    public object? Value(string property) => (node.Field(property)?.Value ?? _descriptor?.Property(property)?.Default)?.ToPlain();

    public string Origin(string property) => node.Field(property)?.Origin.Description ?? "default";

    public IReadOnlyList<string> SlotKeys => node.Slots.Select(s => s.Key).ToList();

    public IConfigView? Slot(string key) =>
        node.Slot(key) is { IsList: false, Items.Count: > 0 } slot ? new MergedView(slot.Items[0], descriptors) : null;

    public IReadOnlyList<IConfigView> Items(string key) =>
        node.Slot(key) is { IsList: true } slot ? slot.Items.Select(i => (IConfigView)new MergedView(i, descriptors)).ToList() : new List<IConfigView>();

    private static RuleView ToView(RuleDescriptor rule) => new(rule.Name, rule.Args.ToDictionary(a => a.Name, a => a.Value.ToPlain()));
}
