namespace Workflow.Pipeline;

/// <summary>
/// Where a running unit writes its outputs: a private staging folder inside the experiment folder, laid out like the
/// experiment folder itself (<c>PathOf("twonn.csv")</c>). Nothing the previous run left is touched until
/// <see cref="StageRunner"/> moves the finished outputs into place and writes the record (issue 11 item 6: a forced or
/// failed run never destroys a good result). A killed run leaves only the staging folder, swept before the unit's next run.
/// </summary>
internal sealed class StagedOutputs
{
    public StagedOutputs(string root) => Root = root;

    /// <summary>The staging folder (<c>.&lt;Stage&gt;+&lt;unit&gt;.&lt;pid&gt;.&lt;guid&gt;.partial</c> in the experiment folder).</summary>
    public string Root { get; }

    /// <summary>The staged path of an output given relative to the experiment folder; its parent folder exists.</summary>
    public string PathOf(string relative)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>A staged path relative to <see cref="Root"/>, '/'-separated (as stored in records).</summary>
    public string Relative(string stagedPath) => Path.GetRelativePath(Root, stagedPath).Replace('\\', '/');
}
