// Marks one symbol-version need of an ELF64 shared library as weak (VER_FLG_WEAK in the Vernaux entry of
// .gnu.version_r), so that glibc's dynamic loader accepts the library where that version is missing
// instead of refusing to load it.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 for one symbol,
// std::ios_base_library_init(), which GCC 13's <iostream> references but never calls. Debian 12's
// libstdc++ stops at GLIBCXX_3.4.30. A weak need is a no-op where the version exists.
// ELF layout: System V gABI, "Symbol Versioning" (Elf64_Verneed / Elf64_Vernaux).
//
// This one file serves two builds: MSBuild compiles it as an inline task (RoslynCodeTaskFactory, see
// Directory.Build.targets), and Workflow.Torch compiles only ElfVersionNeeds (IDIM_RUNTIME) so that
// `idim doctor` can report whether the fix-up was applied.
using System;
using System.IO;
using System.Text;
#if !IDIM_RUNTIME
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenElfVersionNeed : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                string outcome = ElfVersionNeeds.MakeWeak(path, VersionName);
                Log.LogMessage(MessageImportance.Normal, "TorchSharp native fix-up: {0}: {1}", path, outcome);
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogError("TorchSharp native fix-up failed for {0}: {1}", path, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }
}
#endif

/// <summary>Reads and edits the version needs (.gnu.version_r) of a little-endian ELF64 file.</summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    public const ushort VerFlgWeak = 0x2;

    /// <summary>Byte offset of the vna_flags field of the named version need, or -1 when there is none.</summary>
    public static long FindFlagsOffset(byte[] elf, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)(shoff + (long)s * shentsize));
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            long verneed = (long)BitConverter.ToUInt64(elf, sh + 0x18);
            int strtabIndex = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, sh + 0x2C);
            long strtab = (long)BitConverter.ToUInt64(elf, checked((int)(shoff + (long)strtabIndex * shentsize)) + 0x18);
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)verneed + 2);
                long aux = verneed + BitConverter.ToUInt32(elf, (int)verneed + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    if (ReadCString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8)) == versionName)
                        return aux + 4;
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                verneed += BitConverter.ToUInt32(elf, (int)verneed + 12);
            }
        }
        return -1;
    }

    /// <summary>True when the file needs <paramref name="versionName"/> and that need is weak; null when it has no such need.</summary>
    public static bool? IsWeak(string path, string versionName)
    {
        byte[] elf = File.ReadAllBytes(path);
        long at = FindFlagsOffset(elf, versionName);
        if (at < 0) return null;
        return (BitConverter.ToUInt16(elf, (int)at) & VerFlgWeak) != 0;
    }

    /// <summary>Marks the need weak in place (atomically, keeping the file's timestamp); says what it did.</summary>
    public static string MakeWeak(string path, string versionName)
    {
        DateTime mtime = File.GetLastWriteTimeUtc(path);
        byte[] elf = File.ReadAllBytes(path);
        long at = FindFlagsOffset(elf, versionName);
        if (at < 0) return "nothing to do (no " + versionName + " need)";
        ushort flags = BitConverter.ToUInt16(elf, (int)at);
        if ((flags & VerFlgWeak) != 0) return "already fixed (" + versionName + " is weak)";
        flags |= VerFlgWeak;
        elf[at] = (byte)(flags & 0xff);
        elf[at + 1] = (byte)(flags >> 8);
        string temp = path + ".fixup.tmp";
        File.WriteAllBytes(temp, elf);
        File.Replace(temp, path, null);
        // Keep the timestamp so MSBuild's incremental copy (same size + time) still skips the file.
        File.SetLastWriteTimeUtc(path, mtime);
        return "patched (" + versionName + " marked weak)";
    }

    private static string ReadCString(byte[] data, long start)
    {
        long end = start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }
}
