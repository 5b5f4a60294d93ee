namespace Workflow.Core.Net;

/// <summary>Content hash algorithms the downloader and the dataset code verify against.</summary>
public enum HashAlgorithmKind
{
    /// <summary>MD5 (what the CIFAR host publishes).</summary>
    Md5,

    /// <summary>SHA-256 (what the Hugging Face Hub publishes for LFS files as the ETag).</summary>
    Sha256,
}
