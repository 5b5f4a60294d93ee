namespace Workflow.Torch.Hub;

/// <summary>The Hub's repository types that idim reads (huggingface_hub's <c>repo_type</c>).</summary>
public enum HubRepoType
{
    /// <summary>A model repository: <c>{endpoint}/{repo}/resolve/…</c>, cache folder <c>models--org--name</c>.</summary>
    Model,

    /// <summary>A dataset repository: <c>{endpoint}/datasets/{repo}/resolve/…</c>, cache folder <c>datasets--org--name</c>.</summary>
    Dataset,
}
