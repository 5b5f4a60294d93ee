using System.Runtime.InteropServices;

namespace Workflow.Torch.Runtime;

/// <summary>
/// The process environment as native libraries see it (C <c>getenv</c>). On Unix .NET keeps a managed copy of the
/// environment taken at start-up: <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only that
/// copy, which libtorch, MKL and oneDNN never read. So values meant for them go through libc's <c>setenv</c>, and
/// into the managed copy too (for child processes and for <see cref="Environment.GetEnvironmentVariable(string)"/>).
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> for native code and managed code alike.</summary>
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows()) return; // the managed call is SetEnvironmentVariableW there, which native code reads
        if (SetEnv(name, value, 1) != 0)
            throw new InvalidOperationException($"setenv({name}) failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    /// <summary>The value native code sees, or null.</summary>
    public static string? Get(string name)
    {
        if (OperatingSystem.IsWindows()) return Environment.GetEnvironmentVariable(name);
        IntPtr value = GetEnv(name);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
