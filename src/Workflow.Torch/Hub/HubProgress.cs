using Workflow.Core.Net;

namespace Workflow.Torch.Hub;

/// <summary>Progress of one file of a Hub download (bytes done, total, bytes/s).</summary>
public readonly record struct HubProgress(string RepoId, string FileName, DownloadProgress Transfer);
