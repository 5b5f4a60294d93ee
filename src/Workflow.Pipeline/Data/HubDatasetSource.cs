using System.Globalization;

using Workflow.Core.Data.Images;
using Workflow.Core.Experiments;
using Workflow.Torch.Hub;

namespace Workflow.Pipeline;

/// <summary>
/// A Hugging Face Hub dataset (<c>dataset: { name: hub, repo, revision, split, image_column, label_column }</c>): the
/// split's Parquet files through the same client, token and cache as models (<c>datasets--org--name</c>), class names
/// from the dataset card (else the Parquet files' <c>huggingface</c> metadata, else the label numbers).
/// </summary>
internal static class HubDatasetSource
{
    private const string Card = "README.md";

    /// <summary>
    /// The commit the revision resolved to, read from the local Hub cache only (as a Hub model's up-to-date check does,
    /// README "The cache"): a commit's files are immutable, and the split, config and columns are in the stage's
    /// parameters. Never read: an unresolved identity, so the plan says stale without touching the network.
    /// </summary>
    public static string Identity(ImageDatasetConfig source)
    {
        return CachedCommit(source) is { } commit ? $"hub:{source.Repo}@{commit}" : $"hub:{source.Repo}@{source.Revision ?? "main"}:not-resolved";
    }

    private static string? CachedCommit(ImageDatasetConfig source) =>
        new HubCache(HubOptions.FromEnvironment().CacheDirectory, HubRepoType.Dataset).ResolveCommit(source.Repo!, source.Revision ?? "main");

    /// <summary>
    /// Before a run: resolves the revision on the Hub (writing the cache's ref) when it was never resolved or the stage is
    /// forced, so <see cref="Identity"/> names the commit the run reads. A branch is otherwise not re-resolved, as for models.
    /// </summary>
    public static void Resolve(ImageDatasetConfig source, bool force)
    {
        if (!force && CachedCommit(source) is not null) return;
        Open(source, source.Revision ?? "main");
    }

    public static DecodedDataset Load(ImageDatasetConfig source, DatasetConfig d)
    {
        // The commit Resolve recorded, which the fingerprint names (not the branch again: it may have moved since).
        var (client, listing, card) = Open(source, CachedCommit(source) ?? source.Revision ?? "main");
        var (files, config) = HubSplitFiles.Select(listing.Files, card, d.Split, source.Repo!);
        var encoded = new List<(byte[]? Data, string Name)>();
        var labels = new List<long>();
        IReadOnlyList<string>? namesFromParquet = null;
        using var progress = new HubDownloadProgress(Console.Error);
        foreach (string file in files)
        {
            var local = client.GetFileAsync(source.Repo!, listing.Commit, file, progress, CancellationToken.None).GetAwaiter().GetResult();
            using var stream = File.OpenRead(local.Path);
            ParquetImageRows rows = ParquetImageColumn.ReadAsync(stream, source.ImageColumn!, source.LabelColumn!, $"{source.Repo}/{file}").GetAwaiter().GetResult();
            namesFromParquet ??= rows.LabelNames;
            for (int i = 0; i < rows.Images.Length; i++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"{source.Repo}/{file} row {i}") + (rows.Paths[i] is { } p ? $" ({p})" : "");
                encoded.Add((rows.Images[i], name));
                labels.Add(rows.Labels[i]);
            }
        }
        if (labels.Count == 0) throw new InvalidDataException($"{source.Repo}@{source.Revision}, split {d.Split}: the Parquet files hold no rows.");
        IReadOnlyList<string> classNames = card.ClassNames(source.LabelColumn!, config) ?? namesFromParquet
            ?? Enumerable.Range(0, checked((int)labels.Max() + 1)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        for (int i = 0; i < labels.Count; i++)
            if (labels[i] < 0 || labels[i] >= classNames.Count)
                throw new InvalidDataException($"{encoded[i].Name}: label {labels[i]} is outside [0, {classNames.Count}) ({classNames.Count} class names). " +
                                               "Unlabelled rows (-1) cannot be used: pick a labelled split.");
        Console.WriteLine($"hub: {source.Repo}@{source.Revision} (commit {listing.Commit}), split {d.Split}: {files.Count} Parquet file(s), {labels.Count} rows");
        return SelectionDecoder.Decode(labels.Select(l => (int)l).ToArray(), classNames, i =>
            encoded[i].Data is { } data ? (data, encoded[i].Name) : ([], encoded[i].Name + " (no image bytes)"),
            d.PerClass, (ulong)d.Seed, source.OnBadImage);
    }

    private static (HubClient Client, HubRepoListing Listing, HubDatasetCard Card) Open(ImageDatasetConfig source, string revision)
    {
        var client = new HubClient(HubOptions.FromEnvironment() with { RepoType = HubRepoType.Dataset });
        HubRepoListing listing = client.ListFilesAsync(source.Repo!, revision).GetAwaiter().GetResult();
        HubDatasetCard card = HubDatasetCard.Empty;
        if (listing.Files.Contains(Card))
        {
            var readme = client.GetFileAsync(source.Repo!, listing.Commit, Card, null, CancellationToken.None).GetAwaiter().GetResult();
            card = HubDatasetCard.Parse(File.ReadAllText(readme.Path));
        }
        return (client, listing, card);
    }
}
