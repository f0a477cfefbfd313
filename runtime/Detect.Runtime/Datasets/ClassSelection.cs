namespace Detect.Datasets;

/// <summary>
/// Which categories of an annotation file a dataset uses and the contiguous labels 0..K−1 they get
/// (MMDetection's <c>metainfo=dict(classes=...)</c>, <c>cat_ids</c> and <c>cat2label</c>).
/// </summary>
/// <remarks>
/// Unlike MMDetection, a selection never silently shrinks: every requested class must name exactly one
/// category, or construction fails listing what is missing and what the file has. (MMDetection drops
/// unknown names, so a custom dataset left with COCO's 80 default classes trains on nothing.) Labels
/// follow the order of <c>classes</c>; MMDetection follows the file's category order, which agrees
/// whenever the classes are listed in that order.
/// </remarks>
public sealed class ClassSelection
{
    private readonly Dictionary<long, int> _labels;

    private ClassSelection(IReadOnlyList<string> classes, IReadOnlyList<long> catIds)
    {
        Classes = classes;
        CatIds = catIds;
        _labels = catIds.Select((id, label) => (id, label)).ToDictionary(p => p.id, p => p.label);
    }

    /// <summary>Class names in label order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Category id of each label: <c>CatIds[label]</c>.</summary>
    public IReadOnlyList<long> CatIds { get; }

    /// <summary>The label of a selected category, or null for a category that is not selected.</summary>
    public int? LabelOf(long categoryId) => _labels.TryGetValue(categoryId, out int label) ? label : null;

    /// <summary>
    /// Selects <paramref name="classes"/> (all categories in file order when null) among
    /// <paramref name="categories"/>; <paramref name="source"/> names the file in errors.
    /// </summary>
    /// <exception cref="ArgumentException">No categories, an empty or duplicated class list, or classes the file lacks.</exception>
    public static ClassSelection Select(IReadOnlyList<CocoCategory> categories, IReadOnlyList<string>? classes, string source)
    {
        if (categories.Count == 0)
            throw new ArgumentException($"{source}: the file has no categories, so there is nothing to train or evaluate.");
        if (classes is null) return new ClassSelection(categories.Select(c => c.Name).ToArray(), categories.Select(c => c.Id).ToArray());
        if (classes.Count == 0)
            throw new ArgumentException($"{source}: 'classes' is empty; list the categories to use, or leave it unset to use all {categories.Count}.");
        var duplicate = classes.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{source}: class '{duplicate.Key}' is listed more than once in 'classes'.");

        var byName = categories.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.ToList());
        var missing = classes.Where(c => !byName.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            string available = string.Join(", ", categories.Take(20).Select(c => $"'{c.Name}'")) + (categories.Count > 20 ? $", ... ({categories.Count} in all)" : "");
            string what = missing.Count == classes.Count ? "none of the requested classes is" : $"{missing.Count} of {classes.Count} requested classes are not";
            throw new ArgumentException(
                $"{source}: {what} among the file's categories: missing {string.Join(", ", missing.Select(m => $"'{m}'"))}. The file has {available}.");
        }
        var ambiguous = classes.FirstOrDefault(c => byName[c].Count > 1);
        if (ambiguous is not null)
            throw new ArgumentException($"{source}: class '{ambiguous}' names {byName[ambiguous].Count} categories (ids {string.Join(", ", byName[ambiguous].Select(c => c.Id))}).");
        return new ClassSelection(classes.ToArray(), classes.Select(c => byName[c][0].Id).ToArray());
    }

    /// <summary>
    /// torchvision's COCO labelling: label l is category id l + 1 and <paramref name="classes"/> names every id from 1 on,
    /// with <see cref="Placeholder"/> for the ids the file does not use (COCO's 91 ids, 80 used). The file's categories must
    /// be exactly the named ones, each at its id; <paramref name="source"/> names the file in errors.
    /// </summary>
    /// <exception cref="ArgumentException">No class list, a category whose id or name disagrees with it, or a named id the file lacks.</exception>
    public static ClassSelection ByCategoryId(IReadOnlyList<CocoCategory> categories, IReadOnlyList<string>? classes, string source)
    {
        if (classes is null || classes.Count == 0)
            throw new ArgumentException($"{source}: category_id_labels needs 'classes' naming every category id from 1 on ('{Placeholder}' for unused ids).");
        var byId = categories.ToDictionary(c => c.Id);
        foreach (var c in categories)
            if (c.Id < 1 || c.Id > classes.Count || classes[(int)c.Id - 1] != c.Name)
                throw new ArgumentException(c.Id < 1 || c.Id > classes.Count
                    ? $"{source}: category {c.Id} ('{c.Name}') is outside the {classes.Count} ids that 'classes' names."
                    : $"{source}: category {c.Id} is '{c.Name}' in the file but '{classes[(int)c.Id - 1]}' in 'classes'.");
        var unmatched = classes.Select((name, i) => (name, id: i + 1L)).Where(p => p.name != Placeholder && !byId.ContainsKey(p.id)).ToList();
        if (unmatched.Count > 0)
            throw new ArgumentException($"{source}: 'classes' names categories the file lacks: {string.Join(", ", unmatched.Select(p => $"{p.id} '{p.name}'"))}.");
        return new ClassSelection(classes.ToArray(), [.. Enumerable.Range(1, classes.Count).Select(id => (long)id)]);
    }

    /// <summary>The name of a category id a torchvision-labelled class list skips ("N/A", as torchvision writes it).</summary>
    public const string Placeholder = "N/A";
}
