using System.Collections.Generic;
using System.Linq;
using Detect.Generators.Model;

namespace Detect.Generators.Merge;

/// <summary>A node of the config tree while merging; frozen into <see cref="MergedNode"/> at the end.</summary>
internal sealed class MutableNode(string path, string attributeName, Origin typeOrigin)
{
    public string Path { get; private set; } = path;
    public string AttributeName { get; set; } = attributeName;
    public Origin TypeOrigin { get; set; } = typeOrigin;
    public List<MergedField> Fields { get; } = new();
    public List<MutableSlot> Slots { get; } = new();

    public MergedField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public void SetField(MergedField field)
    {
        var index = Fields.FindIndex(f => f.Name == field.Name);
        if (index >= 0) Fields[index] = field;
        else Fields.Add(field);
    }

    public MutableSlot? Slot(string key) => Slots.FirstOrDefault(s => s.Key == key);

    public MutableSlot GetOrAddSlot(string key, bool isList)
    {
        var slot = Slot(key);
        if (slot is null) Slots.Add(slot = new MutableSlot(key, isList));
        return slot;
    }

    public string ChildPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    /// <summary>A deep copy placed at <paramref name="path"/> (variables flowing into loaders).</summary>
    public MutableNode Clone(string path)
    {
        var copy = new MutableNode(path, AttributeName, TypeOrigin);
        copy.Fields.AddRange(Fields);
        foreach (var slot in Slots)
        {
            var s = copy.GetOrAddSlot(slot.Key, slot.IsList);
            for (var i = 0; i < slot.Items.Count; i++)
                s.Items.Add(slot.Items[i].Clone(copy.ChildPath(slot.Key) + (slot.IsList ? "." + i : "")));
        }
        return copy;
    }

    /// <summary>Fields and slots in the order the component declares them, so output is deterministic and reads like the attribute.</summary>
    public MergedNode Freeze(IReadOnlyDictionary<string, ComponentDescriptor> descriptors)
    {
        descriptors.TryGetValue(AttributeName, out var d);
        int PropertyIndex(string name) => d is null ? 0 : IndexOf(d.Properties.Select(p => p.Name), name);
        int SlotIndex(string key) => d is null ? 0 : IndexOf(d.Slots.Select(s => s.Key), key);
        var fields = Fields.OrderBy(f => PropertyIndex(f.Name)).ToEquatableArray();
        var slots = Slots.Where(s => s.Items.Count > 0).OrderBy(s => SlotIndex(s.Key))
            .Select(s => new MergedSlot(s.Key, s.IsList, s.Items.Select(i => i.Freeze(descriptors)).ToEquatableArray()));
        return new MergedNode(Path, AttributeName, TypeOrigin, fields, slots.ToEquatableArray());
    }

    private static int IndexOf(IEnumerable<string> names, string name)
    {
        var i = 0;
        foreach (var n in names)
        {
            if (n == name) return i;
            i++;
        }
        return int.MaxValue;
    }
}

/// <summary>A sub-slot while merging: one node, or a list of nodes.</summary>
internal sealed class MutableSlot(string key, bool isList)
{
    public string Key { get; } = key;
    public bool IsList { get; } = isList;
    public List<MutableNode> Items { get; } = new();

    public MutableNode? Single
    {
        get => Items.Count > 0 ? Items[0] : null;
        set
        {
            Items.Clear();
            if (value is not null) Items.Add(value);
        }
    }

    /// <summary>Merge order of the list's current content (lists are replaced wholesale; their first item tells when).</summary>
    public int Order => Items.Count > 0 ? Items[0].TypeOrigin.Order : -1;
}
