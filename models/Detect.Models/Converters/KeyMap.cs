using System.Text.RegularExpressions;
using Detect.Checkpoints;

namespace Detect.Models.Converters;

/// <summary>
/// Ordered renaming rules from another zoo's state-dict keys to Detect's (MMDetection's): each key is
/// matched, whole, against the rules in order; the first match renames it (regex replacement),
/// drops it, or renames and transforms its tensor. A key no rule matches is an error, so a
/// checkpoint of the wrong architecture fails loudly instead of converting half-way.
/// </summary>
/// <example>
/// <code>
/// var fpn = new KeyMap()
///     .Rename(@"inner_blocks\.(\d+)\.0\.(.+)", "lateral_convs.$1.conv.$2")
///     .Rename(@"layer_blocks\.(\d+)\.0\.(.+)", "fpn_convs.$1.conv.$2");
/// var detector = new KeyMap().Include(fpn, from: "backbone.fpn.", to: "neck.");
/// </code>
/// </example>
public sealed class KeyMap
{
    readonly List<Rule> rules = [];

    // Rename is null for a dropping rule.
    sealed record Rule(string Pattern, Func<Match, string>? Rename, Func<StoredTensor, StoredTensor>? Transform)
    {
        public Regex Regex { get; } = new($"^(?:{Pattern})$", RegexOptions.CultureInvariant);
    }

    /// <summary>Renames keys matching <paramref name="pattern"/> (a regex matched against the whole key) to <paramref name="replacement"/> (with $1...).</summary>
    public KeyMap Rename(string pattern, string replacement) => With(new Rule(pattern, m => m.Result(replacement), null));

    /// <summary>Renames keys matching <paramref name="pattern"/> by a function of the match (for renames a replacement string cannot say, such as renumbering).</summary>
    public KeyMap Rename(string pattern, Func<Match, string> rename) => With(new Rule(pattern, rename, null));

    /// <summary>Keeps keys matching <paramref name="pattern"/> as they are.</summary>
    public KeyMap Keep(string pattern) => With(new Rule($"(?<keep>{pattern})", m => m.Groups["keep"].Value, null));

    /// <summary>Drops keys matching <paramref name="pattern"/> (listed as dropped in the result).</summary>
    public KeyMap Drop(string pattern) => With(new Rule(pattern, null, null));

    /// <summary>Renames keys matching <paramref name="pattern"/> and transforms their tensors (e.g. reorders class channels).</summary>
    public KeyMap Transform(string pattern, string replacement, Func<StoredTensor, StoredTensor> transform) =>
        With(new Rule(pattern, m => m.Result(replacement), transform));

    /// <summary>
    /// Adds <paramref name="inner"/>'s rules for keys under <paramref name="from"/>, producing keys under
    /// <paramref name="to"/>: how a backbone's or neck's rules become part of a detector's.
    /// </summary>
    public KeyMap Include(KeyMap inner, string from = "", string to = "")
    {
        // The escaped prefix adds no group, so the inner rule sees the same $1... (and Keep its named group).
        foreach (var r in inner.rules)
        {
            var rename = r.Rename;
            With(new Rule(Regex.Escape(from) + $"(?:{r.Pattern})", rename is null ? null : m => to + rename(m), r.Transform));
        }
        return this;
    }

    /// <summary>Applies the rules to every key of <paramref name="source"/>.</summary>
    /// <exception cref="KeyMapException">Some keys match no rule, or two keys map to the same name.</exception>
    public KeyMapResult Apply(StateDict source)
    {
        var converted = new StateDict(source.Source);
        var dropped = new List<string>();
        var unmatched = new List<string>();
        foreach (var (key, tensor) in source)
        {
            var rule = rules.FirstOrDefault(r => r.Regex.IsMatch(key));
            if (rule is null) { unmatched.Add(key); continue; }
            if (rule.Rename is null) { dropped.Add(key); continue; }
            string name = rule.Rename(rule.Regex.Match(key));
            if (converted.ContainsKey(name))
                throw new KeyMapException(source.Source, $"two keys convert to '{name}' (the second is '{key}')");
            converted[name] = rule.Transform?.Invoke(tensor) ?? tensor;
        }
        if (unmatched.Count > 0)
            throw new KeyMapException(source.Source,
                $"{unmatched.Count} keys match no conversion rule (is it the right architecture?): {string.Join(", ", unmatched.Take(8))}{(unmatched.Count > 8 ? ", ..." : "")}");
        return new KeyMapResult(converted, dropped);
    }

    KeyMap With(Rule rule)
    {
        rules.Add(rule);
        return this;
    }
}

/// <summary>The converted state dict and the keys dropped on purpose (e.g. a classifier's <c>fc</c>).</summary>
/// <param name="StateDict">Converted tensors, in the source's order.</param>
/// <param name="Dropped">Source keys dropped by a rule.</param>
public sealed record KeyMapResult(StateDict StateDict, IReadOnlyList<string> Dropped);

/// <summary>A checkpoint's keys do not fit a conversion; the message names the file and the keys.</summary>
public sealed class KeyMapException(string path, string message) : Exception($"{path}: {message}");
