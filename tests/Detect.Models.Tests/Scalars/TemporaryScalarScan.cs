using System.Reflection;
using System.Reflection.Emit;
using TorchSharp;

namespace Detect.Models.Tests.Scalars;

/// <summary>A place in compiled code where a TorchSharp <see cref="Scalar"/> is left to its finalizer.</summary>
/// <param name="Location">Repository-relative file and line.</param>
/// <param name="What">What makes the temporary.</param>
internal sealed record ScalarTemporary(string Location, string What)
{
    public override string ToString() => $"{Location}: {What}";
}

/// <summary>
/// Finds TorchSharp Scalars that only a finalizer frees (PLATFORM.md, "TorchSharp's temporary Scalars"), in IL:
/// a call that returns a <see cref="Scalar"/> (an implicit conversion <c>t * 0.5</c>, <c>ToScalar()</c>) whose result is
/// not kept — stored in a local that is disposed (<c>using var</c>) or in a field (a cached Scalar); a call of a
/// TorchSharp method that makes such a temporary inside itself (<c>a + b</c> on tensors calls <c>add(b, 1)</c>,
/// <c>torch.arange(n)</c>, <c>t.ToDouble()</c>...: found by the same rule in TorchSharp's own IL, and everything that
/// calls them there); and making a module whose <c>forward</c> is such a TorchSharp method (<c>nn.LeakyReLU</c>, TorchSharp's BatchNorm).
/// </summary>
internal sealed class TemporaryScalarScan
{
    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    readonly HashSet<MethodBase> unsafeInTorchSharp;

    TemporaryScalarScan()
    {
        var torchSharp = typeof(Scalar).Assembly;
        var methods = Methods(torchSharp).ToList();
        unsafeInTorchSharp = [.. methods.Where(m => Temporaries(m).Any())];
        var callers = new Dictionary<MethodBase, List<MethodBase>>();
        foreach (var m in methods)
            foreach (var i in IlInstructions.Of(m))
                if (i.Operand is MethodBase callee && callee.Module == torchSharp.ManifestModule)
                    (callers.TryGetValue(callee, out var list) ? list : callers[callee] = []).Add(m);
        var queue = new Queue<MethodBase>(unsafeInTorchSharp);
        while (queue.TryDequeue(out var callee))
            foreach (var caller in callers.GetValueOrDefault(callee) ?? [])
                if (unsafeInTorchSharp.Add(caller)) queue.Enqueue(caller);
    }

    /// <summary>The scan, with TorchSharp's unsafe methods computed once.</summary>
    public static TemporaryScalarScan Instance => LazyInstance.Value;

    static readonly Lazy<TemporaryScalarScan> LazyInstance = new(() => new TemporaryScalarScan());

    /// <summary>Every temporary Scalar in <paramref name="assembly"/>'s code.</summary>
    public IReadOnlyList<ScalarTemporary> Scan(Assembly assembly)
    {
        using var lines = new SourceLines(assembly);
        var found = new List<ScalarTemporary>();
        foreach (var method in Methods(assembly))
        {
            foreach (var (offset, callee) in Temporaries(method))
                found.Add(new(lines.Locate(method, offset), $"temporary Scalar from {Name(callee)}"));
            foreach (var i in IlInstructions.Of(method))
            {
                if (i.Operand is not MethodBase callee || ReturnsScalar(callee)) continue;
                bool inTorchSharp = callee.Module.Assembly == typeof(Scalar).Assembly;
                if (inTorchSharp && unsafeInTorchSharp.Contains(callee))
                    found.Add(new(lines.Locate(method, i.Offset), $"{Name(callee)} makes a temporary Scalar inside TorchSharp"));
                else if (MadeModule(i, callee, inTorchSharp) is { } module && UnsafeForward(module) is { } forward)
                    found.Add(new(lines.Locate(method, i.Offset), $"{Name(callee)}: {forward.DeclaringType!.Name}.forward makes a temporary Scalar inside TorchSharp"));
            }
        }
        return found;
    }

    // The module an instruction makes: `new T(...)` (not a base constructor call), or what a TorchSharp factory (nn.LeakyReLU()) returns.
    static Type? MadeModule(IlInstruction i, MethodBase callee, bool inTorchSharp) => callee switch
    {
        ConstructorInfo c when i.OpCode == OpCodes.Newobj => c.DeclaringType,
        MethodInfo m when inTorchSharp => m.ReturnType,
        _ => null,
    };

    // The forward a module of this type runs (the most derived one), when TorchSharp's makes a temporary.
    MethodInfo? UnsafeForward(Type module) =>
        module.GetMethods(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(m => m.Name == "forward" && unsafeInTorchSharp.Contains(m));

    // Calls returning a Scalar whose result is neither stored in a local that is disposed nor in a field.
    static IEnumerable<(int Offset, MethodBase Callee)> Temporaries(MethodBase method)
    {
        var code = IlInstructions.Of(method);
        for (int k = 0; k < code.Count; k++)
        {
            if (code[k].Operand is not MethodBase callee || !ReturnsScalar(callee)) continue;
            var next = k + 1 < code.Count ? code[k + 1] : default;
            if (next.OpCode == OpCodes.Stsfld || next.OpCode == OpCodes.Stfld) continue;
            if (next.StoredLocal is int local && IsDisposed(code, local)) continue;
            yield return (code[k].Offset, callee);
        }
    }

    static bool IsDisposed(List<IlInstruction> code, int local)
    {
        for (int k = 0; k + 1 < code.Count; k++)
            if (code[k].LoadedLocal == local && code[k + 1].Operand is MethodInfo { Name: "Dispose" } d && d.GetParameters().Length == 0) return true;
        return false;
    }

    static bool ReturnsScalar(MethodBase m) => m is MethodInfo { ReturnType: var t } && t == typeof(Scalar);

    static IEnumerable<MethodBase> Methods(Assembly assembly) =>
        assembly.GetTypes().SelectMany(t => t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)));

    static string Name(MethodBase m) =>
        $"{m.DeclaringType!.Name}.{(m is ConstructorInfo ? "new" : m.Name)}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";
}
