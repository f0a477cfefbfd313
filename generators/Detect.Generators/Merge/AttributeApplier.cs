using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Detect.Generators.Parse;

namespace Detect.Generators.Merge;

/// <summary>Applies one holder's own attributes to the tree, parents before children.</summary>
internal sealed class AttributeApplier(ConfigMerger merger, HolderModel holder, string description, List<(string Key, SourceSpan? Where)>? touched)
{
    /// <summary>Top-level keys each of MMDetection's base parts may set.</summary>
    private static readonly Dictionary<string, string[]> PartKeys = new()
    {
        ["Model"] = new[] { "model" },
        ["Dataset"] = new[] { "dataset", "train_pipeline", "test_pipeline", "train_dataloader", "val_dataloader", "test_dataloader", "evaluator", "val_evaluator", "test_evaluator" },
        ["Schedule"] = new[] { "train_cfg", "optim_wrapper", "param_scheduler", "auto_scale_lr" },
        ["Runtime"] = new[] { "default_hooks", "custom_hooks", "runtime" },
    };

    private readonly Dictionary<string, string> _setHere = new();
    private readonly HashSet<string> _replacedLists = new();

    public void ApplyAll()
    {
        var uses = holder.Attributes
            .Select(u => (Use: u, Descriptor: merger.Descriptor(u.AttributeName)))
            .Where(x => x.Descriptor is not null || x.Use.AttributeName == KnownNames.UnsetAttribute)
            .Select(x => (x.Use, x.Descriptor, Path: x.Use.Argument("At")?.Value.Text ?? x.Descriptor?.DefaultSlot))
            .Select((x, i) => (x.Use, x.Descriptor, x.Path, Index: i))
            .OrderBy(x => x.Path?.Count(c => c == '.') ?? 0).ThenBy(x => x.Index)
            .ToList();
        foreach (var (use, found, path, _) in uses)
        {
            var atLocation = use.Argument("At")?.Location ?? use.Location;
            if (found is null)
            {
                Unset(path, atLocation);
                continue;
            }
            var descriptor = found;
            var origin = new Origin(holder.Name, description, merger.NextOrder(), use.Location);
            if (string.IsNullOrEmpty(path))
            {
                merger.Report(DiagnosticCatalog.UnknownSlot, use.Location, "",
                    ": [" + descriptor.DisplayName + "] has no usual slot, name one with At (e.g. At = \"model.bbox_head.loss_cls\")");
                continue;
            }
            var segments = path!.Split('.');
            if (holder.PartKind is { } kind && PartKeys.TryGetValue(kind, out var allowed) && !allowed.Contains(segments[0]))
                merger.Report(DiagnosticCatalog.PartOutsideKind, atLocation, holder.Name, kind.ToLowerInvariant(), path);
            var parent = Walk(segments, origin, atLocation, "[" + descriptor.DisplayName + "]");
            if (parent is null) continue;
            var key = segments[LastKeySegment(segments)];
            if (LastKeySegment(segments) == segments.Length - 1) Apply(parent, key, use, descriptor, origin, atLocation);
            else ApplyItem(parent, key, segments, use, descriptor, origin, atLocation);
        }
    }

    /// <summary>
    /// Finds the parent node of a path, creating containers whose slot type is concrete. A list slot is entered by
    /// index (<c>model.roi_head.bbox_head.1.loss_cls</c>); the item must exist by then (inherited, or appended earlier).
    /// </summary>
    private MutableNode? Walk(string[] segments, Origin origin, SourceSpan? where, string what)
    {
        var node = merger.Root;
        var last = LastKeySegment(segments);
        for (var i = 0; i < last; i++)
        {
            var slot = SlotOf(node, segments[i], where);
            if (slot is null) return null;
            if (slot.IsList)
            {
                var item = Item(node, slot, segments, i, where);
                if (item is null) return null;
                node = item;
                i++;
                continue;
            }
            var state = node.GetOrAddSlot(segments[i], false);
            if (state.Single is null)
            {
                var kind = merger.Descriptor(slot.KindName);
                if (kind is null || kind.IsAbstract)
                {
                    merger.Report(DiagnosticCatalog.MissingComponent, where, node.ChildPath(segments[i]), ConfigMerger.KindName(slot.KindName),
                        ": " + what + " at '" + string.Join(".", segments) + "' has nothing to go into");
                    return null;
                }
                state.Single = new MutableNode(node.ChildPath(segments[i]), kind.FullName, origin);
            }
            node = state.Single;
        }
        return node;
    }

    /// <summary>
    /// [Unset("path")]: empties the slot at <paramref name="path"/> (MMEngine's <c>key=None</c>). A later attribute at the same
    /// path in this holder fills it again; a field, a list item or a required slot is refused.
    /// </summary>
    private void Unset(string? path, SourceSpan? where)
    {
        if (string.IsNullOrEmpty(path))
        {
            merger.Report(DiagnosticCatalog.UnknownSlot, where, "", ": [Unset] needs the path of a slot (e.g. \"model.backbone.init_cfg\")");
            return;
        }
        var segments = path!.Split('.');
        if (LastKeySegment(segments) != segments.Length - 1)
        {
            merger.Report(DiagnosticCatalog.UnknownSlot, where, path, ": [Unset] empties a whole slot, not one item of a list (replace the item with Delete = true)");
            return;
        }
        var parent = Walk(segments, new Origin(holder.Name, description, merger.NextOrder(), where), where, "[Unset]");
        if (parent is null) return;
        var key = segments[segments.Length - 1];
        var slot = SlotOf(parent, key, where);
        if (slot is null) return;
        if (slot.Required)
        {
            merger.Report(DiagnosticCatalog.MissingComponent, where, path, ConfigMerger.KindName(slot.KindName), ": [Unset] cannot empty a required slot (replace it with Delete = true)");
            return;
        }
        if (_setHere.TryGetValue(path, out var earlier))
            merger.Report(DiagnosticCatalog.SetTwice, where, path, "[" + earlier + "]", "[Unset] in " + holder.Name);
        _setHere[path] = "Unset";
        parent.Slot(key)?.Items.Clear();
        touched?.Add((path, where));
    }

    /// <summary>The index of the path's last key: the last segment, or the one before a final list index.</summary>
    private static int LastKeySegment(string[] segments) =>
        segments.Length >= 2 && IsIndex(segments[segments.Length - 1]) ? segments.Length - 2 : segments.Length - 1;

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsDigit);

    /// <summary>Item <c>segments[i + 1]</c> of the list slot <c>segments[i]</c>, or null (reported) when there is none.</summary>
    private MutableNode? Item(MutableNode node, SlotDescriptor slot, string[] segments, int i, SourceSpan? where)
    {
        var path = string.Join(".", segments);
        var items = node.Slot(segments[i])?.Items;
        var count = items?.Count ?? 0;
        if (i + 1 >= segments.Length || !IsIndex(segments[i + 1]))
        {
            merger.Report(DiagnosticCatalog.UnknownSlot, where, path, ": '" + node.ChildPath(segments[i]) + "' is a list; address an item by index (e.g. '" + node.ChildPath(segments[i]) + ".0')");
            return null;
        }
        var index = int.Parse(segments[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        if (index >= count)
        {
            merger.Report(DiagnosticCatalog.UnknownSlot, where, path, ": '" + node.ChildPath(segments[i]) + "' has " + count + " item" + (count == 1 ? "" : "s") +
                (count == 0 ? "" : " (0.." + (count - 1) + ")") + "; append items with At = \"" + node.ChildPath(segments[i]) + "\" first");
            return null;
        }
        return items![index];
    }

    private SlotDescriptor? SlotOf(MutableNode node, string key, SourceSpan? where)
    {
        var slot = merger.Descriptor(node.AttributeName)?.Slot(key);
        if (slot is null)
        {
            var keys = merger.Descriptor(node.AttributeName)?.Slots.Where(s => !s.IsVariable || node.Path.Length == 0).Select(s => s.Key) ?? Enumerable.Empty<string>();
            merger.Report(DiagnosticCatalog.UnknownSlot, where, node.ChildPath(key),
                ": " + (node.Path.Length == 0 ? "the top-level keys" : "the slots of '" + node.Path + "'") + " are " + string.Join(", ", keys));
        }
        return slot;
    }

    private void Apply(MutableNode parent, string key, AttributeUse use, ComponentDescriptor descriptor, Origin origin, SourceSpan? where)
    {
        var slot = SlotOf(parent, key, where);
        if (slot is null) return;
        var path = parent.ChildPath(key);
        if (!descriptor.DerivesFrom(slot.KindName))
        {
            merger.Report(DiagnosticCatalog.WrongKind, where, descriptor.DisplayName, ConfigMerger.KindName(slot.KindName), path);
            return;
        }
        var state = parent.GetOrAddSlot(key, slot.IsList);
        if (slot.IsList)
        {
            if (_replacedLists.Add(path)) state.Items.Clear();
            touched?.Add((path, use.Location));
            var item = new MutableNode(path + "." + state.Items.Count, use.AttributeName, origin);
            state.Items.Add(item);
            SetFields(item, use, origin);
            return;
        }
        if (_setHere.TryGetValue(path, out var earlier))
            merger.Report(DiagnosticCatalog.SetTwice, use.Location, path, "[" + earlier + "]", "[" + descriptor.DisplayName + "] in " + holder.Name);
        _setHere[path] = descriptor.DisplayName;
        var existing = state.Single;
        var delete = use.Argument("Delete")?.Value.Flag == true;
        if (existing is null || delete)
        {
            state.Single = existing = new MutableNode(path, use.AttributeName, origin);
            if (delete) touched?.Add((path, use.Location));
        }
        else if (existing.AttributeName != use.AttributeName)
        {
            if (descriptor.DerivesFrom(existing.AttributeName))
            {
                existing.AttributeName = use.AttributeName;
                existing.TypeOrigin = origin;
            }
            else
            {
                var old = merger.Descriptor(existing.AttributeName);
                merger.Report(DiagnosticCatalog.TypeChangedWithoutDelete, use.Location, path, old?.DisplayName ?? existing.AttributeName,
                    existing.TypeOrigin.Description, descriptor.DisplayName);
                state.Single = existing = new MutableNode(path, use.AttributeName, origin);
            }
        }
        SetFields(existing, use, origin);
    }

    /// <summary>
    /// An attribute at an indexed path (<c>At = "model.roi_head.bbox_head.1"</c>) merges into that item of the list,
    /// field by field, as into a single slot: the list is not replaced (MMEngine's rule: a list is replaced as a
    /// whole unless an index changes one item). Changing the item's type needs Delete.
    /// </summary>
    private void ApplyItem(MutableNode parent, string key, string[] segments, AttributeUse use, ComponentDescriptor descriptor, Origin origin, SourceSpan? where)
    {
        var slot = SlotOf(parent, key, where);
        if (slot is null) return;
        var path = string.Join(".", segments);
        if (!slot.IsList)
        {
            merger.Report(DiagnosticCatalog.UnknownSlot, where, path, ": '" + parent.ChildPath(key) + "' holds one component, not a list");
            return;
        }
        if (!descriptor.DerivesFrom(slot.KindName))
        {
            merger.Report(DiagnosticCatalog.WrongKind, where, descriptor.DisplayName, ConfigMerger.KindName(slot.KindName), path);
            return;
        }
        var existing = Item(parent, slot, segments, segments.Length - 2, where);
        if (existing is null) return;
        if (_setHere.TryGetValue(path, out var earlier))
            merger.Report(DiagnosticCatalog.SetTwice, use.Location, path, "[" + earlier + "]", "[" + descriptor.DisplayName + "] in " + holder.Name);
        _setHere[path] = descriptor.DisplayName;
        var state = parent.Slot(key)!;
        var index = state.Items.IndexOf(existing);
        if (use.Argument("Delete")?.Value.Flag == true)
        {
            state.Items[index] = existing = new MutableNode(path, use.AttributeName, origin);
            touched?.Add((path, use.Location));
        }
        else if (existing.AttributeName != use.AttributeName)
        {
            if (descriptor.DerivesFrom(existing.AttributeName))
            {
                existing.AttributeName = use.AttributeName;
                existing.TypeOrigin = origin;
            }
            else
            {
                merger.Report(DiagnosticCatalog.TypeChangedWithoutDelete, use.Location, path, merger.Descriptor(existing.AttributeName)?.DisplayName ?? existing.AttributeName,
                    existing.TypeOrigin.Description, descriptor.DisplayName);
                state.Items[index] = existing = new MutableNode(path, use.AttributeName, origin);
            }
        }
        SetFields(existing, use, origin);
    }

    private void SetFields(MutableNode node, AttributeUse use, Origin origin)
    {
        var descriptor = merger.Descriptor(use.AttributeName)!;
        foreach (var argument in use.Arguments)
        {
            if (argument.Name is "Delete" or "At" || descriptor.Property(argument.Name) is null) continue;
            var where = argument.Location ?? use.Location;
            node.SetField(new MergedField(argument.Name, argument.Value, origin with { Location = where }));
            touched?.Add((node.ChildPath(ConfigNaming.ToSnakeCase(argument.Name)), where));
        }
    }
}
