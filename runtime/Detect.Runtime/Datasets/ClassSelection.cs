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
}
