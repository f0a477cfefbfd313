using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;

namespace Detect.Generators.Merge;

/// <summary>
/// Lets root variables (dataset, train_pipeline, test_pipeline, evaluator) flow into the slots they
/// feed once every config is merged, so an override anywhere in the chain reaches the loaders
/// (MMDetection issue #10891). Where both the variable and the target set something, the value set
/// later in merge order wins; lists flow whole; a target replaced later by an unrelated type (with Delete) keeps it.
/// </summary>
internal sealed class VariableFlow(IReadOnlyDictionary<string, ComponentDescriptor> descriptors, List<DiagnosticInfo> diagnostics)
{
    public void Apply(MutableNode root)
    {
        if (!descriptors.TryGetValue(root.AttributeName, out var rootDescriptor)) return;
        foreach (var variable in rootDescriptor.Slots.Where(s => s.IsVariable))
        {
            var value = root.Slot(variable.Key);
            root.Slots.Remove(value!);
            if (value is null || value.Items.Count == 0) continue;
            foreach (var target in variable.FlowsInto) FlowInto(root, target, value);
        }
    }

    private void FlowInto(MutableNode root, string target, MutableSlot value)
    {
        var segments = target.Split('.');
        var parent = root;
        for (var i = 0; i < segments.Length - 1 && parent is not null; i++) parent = parent.Slot(segments[i])?.Single;
        if (parent is null) return; // no loader (or no dataset) to flow into
        var key = segments[segments.Length - 1];
        if (!descriptors.TryGetValue(parent.AttributeName, out var d) || d.Slot(key) is not { } slot) return;
        var state = parent.GetOrAddSlot(key, slot.IsList);
        if (slot.IsList)
        {
            if (value.Order <= state.Order) return;
            state.Items.Clear();
            for (var i = 0; i < value.Items.Count; i++) state.Items.Add(value.Items[i].Clone(target + "." + i));
            return;
        }
        if (state.Single is null) state.Single = value.Single!.Clone(target);
        else if (!ReplacedLater(value.Single!, state.Single)) MergeLatest(value.Single!, state.Single);
    }

    /// <summary>
    /// The target holds a component of an unrelated type set later than the variable: the merge let that happen only
    /// with Delete (e.g. a RepeatDataset replacing a loader's dataset), so the later, replaced component wins whole.
    /// </summary>
    private bool ReplacedLater(MutableNode variable, MutableNode target)
    {
        if (variable.AttributeName == target.AttributeName || target.TypeOrigin.Order <= variable.TypeOrigin.Order) return false;
        var v = descriptors.TryGetValue(variable.AttributeName, out var vd) ? vd : null;
        var t = descriptors.TryGetValue(target.AttributeName, out var td) ? td : null;
        return v is not null && t is not null && !v.DerivesFrom(target.AttributeName) && !t.DerivesFrom(variable.AttributeName);
    }

    /// <summary>Merges <paramref name="source"/> into <paramref name="target"/> field by field, later merge order winning.</summary>
    private void MergeLatest(MutableNode source, MutableNode target)
    {
        if (source.AttributeName != target.AttributeName)
        {
            var s = descriptors.TryGetValue(source.AttributeName, out var sd) ? sd : null;
            var t = descriptors.TryGetValue(target.AttributeName, out var td) ? td : null;
            if (s is not null && s.DerivesFrom(target.AttributeName)) target.AttributeName = source.AttributeName;
            else if (t is null || !t.DerivesFrom(source.AttributeName))
            {
                var (later, earlier) = source.TypeOrigin.Order > target.TypeOrigin.Order ? (s, t) : (t, s);
                var (laterOrigin, earlierOrigin) = source.TypeOrigin.Order > target.TypeOrigin.Order ? (source.TypeOrigin, target.TypeOrigin) : (target.TypeOrigin, source.TypeOrigin);
                diagnostics.Add(new DiagnosticInfo(DiagnosticCatalog.TypeChangedWithoutDelete.Id, laterOrigin.Location,
                    new[] { target.Path, earlier?.DisplayName ?? "?", earlierOrigin.Description, later?.DisplayName ?? "?" }.ToEquatableArray()));
                return;
            }
        }
        foreach (var field in source.Fields)
        {
            var existing = target.Field(field.Name);
            if (existing is null || field.Origin.Order > existing.Origin.Order) target.SetField(field);
        }
        foreach (var slot in source.Slots)
        {
            var state = target.GetOrAddSlot(slot.Key, slot.IsList);
            var path = target.ChildPath(slot.Key);
            if (slot.IsList)
            {
                if (slot.Order <= state.Order) continue;
                state.Items.Clear();
                for (var i = 0; i < slot.Items.Count; i++) state.Items.Add(slot.Items[i].Clone(path + "." + i));
            }
            else if (slot.Single is { } single)
            {
                if (state.Single is null) state.Single = single.Clone(path);
                else MergeLatest(single, state.Single);
            }
        }
    }
}
