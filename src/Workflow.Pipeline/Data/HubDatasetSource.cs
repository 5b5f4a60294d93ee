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

    /// <summary>The resolved commit and the split's files: immutable content, so they identify the data.</summary>
    public static string Identity(ImageDatasetConfig source, DatasetConfig d)
    {
        var (_, listing, card) = Open(source);
        var (files, config) = HubSplitFiles.Select(listing.Files, card, d.Split, source.Repo!);
        return $"hub:{source.Repo}@{listing.Commit}:{config ?? "-"}:{string.Join(",", files)}";
    }

    public static DecodedDataset Load(ImageDatasetConfig source, DatasetConfig d)
    {
        var (client, listing, card) = Open(source);
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

    private static (HubClient Client, HubRepoListing Listing, HubDatasetCard Card) Open(ImageDatasetConfig source)
    {
        var client = new HubClient(HubOptions.FromEnvironment() with { RepoType = HubRepoType.Dataset });
        HubRepoListing listing = client.ListFilesAsync(source.Repo!, source.Revision!).GetAwaiter().GetResult();
        HubDatasetCard card = HubDatasetCard.Empty;
        if (listing.Files.Contains(Card))
        {
            var readme = client.GetFileAsync(source.Repo!, listing.Commit, Card, null, CancellationToken.None).GetAwaiter().GetResult();
            card = HubDatasetCard.Parse(File.ReadAllText(readme.Path));
        }
        return (client, listing, card);
    }
}
