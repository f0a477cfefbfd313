using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Detect.Models.Tests.Scalars;

/// <summary>Maps an IL offset of a method to its source line through the assembly's portable PDB (<c>models/.../File.cs:42</c>).</summary>
internal sealed class SourceLines : IDisposable
{
    readonly MetadataReaderProvider? provider;
    readonly MetadataReader? reader;

    public SourceLines(Assembly assembly)
    {
        string pdb = Path.ChangeExtension(assembly.Location, ".pdb");
        if (!File.Exists(pdb)) return;
        provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
        reader = provider.GetMetadataReader();
    }

    /// <summary>The repository-relative file and line of the statement at <paramref name="ilOffset"/>, or the method's name without a PDB.</summary>
    public string Locate(MethodBase method, int ilOffset)
    {
        if (reader is null) return $"{method.DeclaringType}.{method.Name}";
        var handle = MetadataTokens.MethodDefinitionHandle(method.MetadataToken & 0xFFFFFF);
        SequencePoint? at = null;
        foreach (var point in reader.GetMethodDebugInformation(handle).GetSequencePoints())
        {
            if (point.IsHidden) continue;
            if (point.Offset > ilOffset) break;
            at = point;
        }
        if (at is not { } p) return $"{method.DeclaringType}.{method.Name}";
        string file = reader.GetString(reader.GetDocument(p.Document).Name).Replace('\\', '/');
        int root = Math.Max(file.LastIndexOf("/models/", StringComparison.Ordinal), file.LastIndexOf("/runtime/", StringComparison.Ordinal));
        int tests = file.LastIndexOf("/tests/", StringComparison.Ordinal);
        return $"{file[(Math.Max(root, tests) + 1)..]}:{p.StartLine}";
    }

    public void Dispose() => provider?.Dispose();
}
