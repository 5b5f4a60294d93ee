using Workflow.Core.Data.Images;

namespace Workflow.Core.Tests.Images;

/// <summary>Split → files as <c>datasets</c> resolves them (data_files.py), on the layouts real Hub repos have.</summary>
public sealed class HubSplitFilesTests
{
    [Fact]
    public void Should_UseTheCardsPatterns_When_ConfigsListDataFiles()
    {
        // uoft-cs/cifar10's card.
        var card = HubDatasetCard.Parse("""
            ---
            configs:
            - config_name: plain_text
              data_files:
              - split: train
                path: plain_text/train-*
              - split: test
                path: plain_text/test-*
              default: true
            ---
            """);
        string[] files = [".gitattributes", "README.md", "plain_text/test-00000-of-00001.parquet", "plain_text/train-00000-of-00001.parquet"];

        var (train, config) = HubSplitFiles.Select(files, card, "train", "uoft-cs/cifar10");

        Assert.Equal(["plain_text/train-00000-of-00001.parquet"], train);
        Assert.Equal("plain_text", config);
    }

    [Fact]
    public void Should_FindTheSplitByItsKeywords_When_TheCardHasNoConfigs()
    {
        string[] files = ["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet", "data/validation-00000-of-00001.parquet", "data/test-00000-of-00001.parquet"];

        Assert.Equal(["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"], HubSplitFiles.Select(files, HubDatasetCard.Empty, "train", "r/x").Files);
        Assert.Equal(["data/validation-00000-of-00001.parquet"], HubSplitFiles.Select(files, HubDatasetCard.Empty, "validation", "r/x").Files);
    }

    [Fact]
    public void Should_ReadTheParquetConvertersLayout_When_RevisionIsRefsConvertParquet()
    {
        string[] files = [".gitattributes", "plain_text/test/0000.parquet", "plain_text/train/0000.parquet", "plain_text/train/0001.parquet"];

        Assert.Equal(["plain_text/train/0000.parquet", "plain_text/train/0001.parquet"], HubSplitFiles.Select(files, HubDatasetCard.Empty, "train", "r/x").Files);
    }

    [Fact]
    public void Should_ListTheParquetFiles_When_NoneMatchTheSplit()
    {
        var e = Assert.Throws<InvalidDataException>(() => HubSplitFiles.Select(["data/train-0.parquet"], HubDatasetCard.Empty, "test", "r/x"));

        Assert.Contains("data/train-0.parquet", e.Message);
        Assert.Contains("refs/convert/parquet", e.Message);
    }

    [Theory]
    [InlineData("plain_text/train-*", "plain_text/train-00000-of-00001.parquet", true)]
    [InlineData("plain_text/train-*", "plain_text/sub/train-0.parquet", false)]
    [InlineData("**/train-*", "a/b/train-0.parquet", true)]
    [InlineData("data/train-[0-9]*.parquet", "data/train-7.parquet", true)]
    public void Should_MatchLikeFsspecGlob_When_PatternHasWildcards(string pattern, string file, bool matches)
    {
        Assert.Equal(matches, HubSplitFiles.Glob(pattern).IsMatch(file));
    }

    [Fact]
    public void Should_ReadClassLabelNames_When_CardHasDatasetInfo()
    {
        var card = HubDatasetCard.Parse("""
            ---
            dataset_info:
              config_name: plain_text
              features:
              - name: img
                dtype: image
              - name: label
                dtype:
                  class_label:
                    names:
                      '0': airplane
                      '1': automobile
                      '10': truck-ish
                      '2': bird
            ---
            # CIFAR-10
            """);

        Assert.Equal(["airplane", "automobile", "bird", "truck-ish"], card.ClassNames("label", "plain_text"));
        Assert.Null(card.ClassNames("fine_label", "plain_text"));
    }

    [Fact]
    public void Should_PickTheConfigsEntry_When_DatasetInfoIsAList()
    {
        var card = HubDatasetCard.Parse("""
            ---
            dataset_info:
            - config_name: a
              features:
              - name: label
                dtype: { class_label: { names: { '0': x } } }
            - config_name: b
              features:
              - name: label
                dtype: { class_label: { names: ['p', 'q'] } }
            ---
            """);

        Assert.Equal(["p", "q"], card.ClassNames("label", "b"));
    }
}
