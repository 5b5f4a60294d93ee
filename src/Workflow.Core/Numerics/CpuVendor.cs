namespace Workflow.Core.Numerics;

/// <summary>
/// The processor's vendor as CPUID reports it (<c>GenuineIntel</c>, <c>AuthenticAMD</c>, …; /proc/cpuinfo's
/// <c>vendor_id</c>). Portable numerics is bit-identical among CPUs of one vendor but not across vendors: MKL honours
/// the pinned AVX2 code branch (<c>MKL_CBWR=AVX2</c>) on Intel CPUs only and uses its AUTO branch on others, as Intel's
/// oneMKL developer guide states ("Getting Started with Conditional Numerical Reproducibility"); docs/numerics.md.
/// </summary>
public static class CpuVendor
{
    /// <summary>This machine's vendor id, or "unknown" where /proc/cpuinfo cannot be read.</summary>
    public static string Current()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? Parse(File.ReadAllText("/proc/cpuinfo")) ?? "unknown" : "unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>The first <c>vendor_id</c> of a /proc/cpuinfo text, or null.</summary>
    public static string? Parse(string cpuInfo)
    {
        ArgumentNullException.ThrowIfNull(cpuInfo);
        foreach (string line in cpuInfo.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == "vendor_id") return line[(colon + 1)..].Trim();
        }
        return null;
    }
}
