// MSBuild inline task (compiled by RoslynCodeTaskFactory, see LibTorchSharpLoaderFix.targets).
//
// Why: TorchSharp 0.107's libLibTorchSharp.so was linked by GCC 13+, so it records a requirement on
// libstdc++ version GLIBCXX_3.4.32 (for std::ios_base_library_init, an anchor symbol GCC 13's
// <iostream> references but never calls). Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the
// loader refuses the library and TorchSharp reports, misleadingly, that libtorch is missing.
//
// What: when (and only when) the host's libstdc++ lacks a version the library asks for, write a copy
// of the library in which those version requirements are marked VER_FLG_WEAK and the undefined
// symbols bound to them are STB_WEAK. The loader then accepts the library; no symbol it really
// uses is affected (the only one tied to GLIBCXX_3.4.32 has no relocation). The NuGet cache is never
// touched: the copy goes to obj/ and replaces the original in the build output.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

#if !DETECT_ELF_ONLY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchLibTorchSharpForHost : Task
{
    /// <summary>libLibTorchSharp.so as restored from the TorchSharp package.</summary>
    [Required] public string SourcePath { get; set; } = "";

    /// <summary>Where a patched copy is written if the host needs one.</summary>
    [Required] public string PatchedPath { get; set; } = "";

    /// <summary>Host libstdc++ to compare against; empty means "probe the usual places".</summary>
    public string HostLibStdCxx { get; set; } = "";

    /// <summary>PatchedPath when a patched copy is in use, empty when the original loads as shipped.</summary>
    [Output] public string EffectivePath { get; set; } = "";

    public override bool Execute()
    {
        string host = HostLibStdCxx.Length > 0 ? HostLibStdCxx : FindHostLibStdCxx();
        if (host.Length == 0 || !File.Exists(host))
        {
            Log.LogMessage(MessageImportance.Low, "LibTorchSharp loader fix: no host libstdc++.so.6 found; using TorchSharp as shipped.");
            return true;
        }

        byte[] library = File.ReadAllBytes(SourcePath);
        var provided = new HashSet<string>(ElfVersionNeeds.DefinedVersions(File.ReadAllBytes(host)));
        var missing = ElfVersionNeeds.WeakenMissingRequirements(library, "libstdc++.so.6", provided);
        if (missing.Count == 0)
        {
            Log.LogMessage(MessageImportance.Low, $"LibTorchSharp loader fix: {host} provides every version libLibTorchSharp.so needs; nothing to do.");
            return true;
        }

        EffectivePath = PatchedPath;
        Log.LogMessage(MessageImportance.Normal,
            $"LibTorchSharp loader fix: {host} lacks {string.Join(", ", missing)}; using {PatchedPath} with those requirements marked weak.");
        if (File.Exists(PatchedPath) && SameBytes(File.ReadAllBytes(PatchedPath), library)) return true;

        Directory.CreateDirectory(Path.GetDirectoryName(PatchedPath)!);
        string temp = PatchedPath + ".tmp";
        File.WriteAllBytes(temp, library);
        File.Copy(temp, PatchedPath, overwrite: true);
        File.Delete(temp);
        return true;
    }

    static bool SameBytes(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    static string FindHostLibStdCxx()
    {
        string[] dirs = { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib" };
        foreach (var dir in dirs)
        {
            string path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path)) return path;
        }
        return "";
    }
}
#endif

/// <summary>
/// A minimal ELF64 little-endian reader and writer for symbol-version sections: what version names a
/// library defines, and marking a library's unmet version needs weak. Compiled into the tests too
/// (with DETECT_ELF_ONLY), where it is checked against TorchSharp's real library.
/// </summary>
public static class ElfVersionNeeds
{
    const uint ShtDynsym = 11, ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2;
    const byte StbWeak = 2;

    struct Section { public uint Type; public long Offset; public long Size; public uint Link; public long EntSize; }

    static List<Section> Sections(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        var list = new List<Section>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            list.Add(new Section
            {
                Type = BitConverter.ToUInt32(elf, (int)h + 4),
                Offset = BitConverter.ToInt64(elf, (int)h + 24),
                Size = BitConverter.ToInt64(elf, (int)h + 32),
                Link = BitConverter.ToUInt32(elf, (int)h + 40),
                EntSize = BitConverter.ToInt64(elf, (int)h + 56),
            });
        }
        return list;
    }

    static string CString(byte[] elf, long offset)
    {
        int end = (int)offset;
        while (elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)offset, end - (int)offset);
    }

    /// <summary>Version names a shared library defines (its .gnu.version_d), e.g. GLIBCXX_3.4.30.</summary>
    public static IEnumerable<string> DefinedVersions(byte[] elf)
    {
        var sections = Sections(elf);
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerdef) continue;
            long strtab = sections[(int)s.Link].Offset;
            long def = s.Offset;
            while (true)
            {
                uint aux = BitConverter.ToUInt32(elf, (int)def + 12), next = BitConverter.ToUInt32(elf, (int)def + 16);
                yield return CString(elf, strtab + BitConverter.ToUInt32(elf, (int)(def + aux)));
                if (next == 0) break;
                def += next;
            }
        }
    }

    /// <summary>
    /// Marks every version the library needs from <paramref name="file"/> that the host does not
    /// provide as weak, together with the undefined symbols bound to it. Returns the versions changed.
    /// </summary>
    public static List<string> WeakenMissingRequirements(byte[] elf, string file, HashSet<string> provided)
    {
        var sections = Sections(elf);
        var weakened = new List<string>();
        var weakenedIndices = new HashSet<ushort>();
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerneed) continue;
            long strtab = sections[(int)s.Link].Offset;
            long need = s.Offset;
            while (true)
            {
                ushort count = BitConverter.ToUInt16(elf, (int)need + 2);
                string needFile = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)need + 4));
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int i = 0; i < count; i++)
                {
                    string version = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (needFile == file && !provided.Contains(version))
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        WriteUInt16(elf, aux + 4, (ushort)(flags | VerFlgWeak));
                        weakenedIndices.Add((ushort)(BitConverter.ToUInt16(elf, (int)aux + 6) & 0x7fff));
                        weakened.Add(version);
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                uint next = BitConverter.ToUInt32(elf, (int)need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        if (weakenedIndices.Count > 0) WeakenSymbols(elf, sections, weakenedIndices);
        return weakened;
    }

    static void WeakenSymbols(byte[] elf, List<Section> sections, HashSet<ushort> versionIndices)
    {
        Section? dynsym = null, versym = null;
        foreach (var s in sections)
        {
            if (s.Type == ShtDynsym) dynsym = s;
            if (s.Type == ShtGnuVersym) versym = s;
        }
        if (dynsym is null || versym is null) return;
        long count = dynsym.Value.Size / dynsym.Value.EntSize;
        for (long i = 0; i < count; i++)
        {
            ushort version = (ushort)(BitConverter.ToUInt16(elf, (int)(versym.Value.Offset + 2 * i)) & 0x7fff);
            long sym = dynsym.Value.Offset + i * dynsym.Value.EntSize;
            bool undefined = BitConverter.ToUInt16(elf, (int)sym + 6) == 0;
            if (undefined && versionIndices.Contains(version))
                elf[sym + 4] = (byte)((StbWeak << 4) | (elf[sym + 4] & 0xf));
        }
    }

    static void WriteUInt16(byte[] elf, long offset, ushort value)
    {
        elf[offset] = (byte)value;
        elf[offset + 1] = (byte)(value >> 8);
    }
}
