using Workflow.Core.Experiments;

namespace Workflow.Core.Tests.Experiments;

public sealed class ImageDatasetConfigTests
{
    private static string Yaml(string dataset) => $"""
        name: mine
        dataset: {dataset}
        models:
          - name: a
            tiny: {"{"} family: vit, seed: 1 {"}"}
        """;

    [Fact]
    public void Should_ResolveThePathFromTheExperimentFolder_When_ImageFolderPathIsRelative()
    {
        string experiment = Path.Combine(Path.GetTempPath(), "exp", "mine.yaml");

        var config = ExperimentLoader.Parse(Yaml("{ name: imagefolder, path: photos/val, per_class: 10 }"), experiment);

        Assert.Equal(Path.GetFullPath(Path.Combine(Path.GetTempPath(), "exp", "photos", "val")), config.Dataset.Images!.Path);
        Assert.Equal(10, config.Dataset.PerClass);
        Assert.Equal(BadImagePolicy.Error, config.Dataset.Images.OnBadImage);
    }

    [Fact]
    public void Should_ReadHubFieldsWithDatasetsDefaults_When_OnlyRepoIsGiven()
    {
        var config = ExperimentLoader.Parse(Yaml("{ name: hub, repo: uoft-cs/cifar10, on_bad_image: skip }"), "mine.yaml");

        var images = config.Dataset.Images!;
        Assert.Equal(("uoft-cs/cifar10", "main", "image", "label"), (images.Repo, images.Revision, images.ImageColumn, images.LabelColumn));
        Assert.Equal("train", config.Dataset.Split);
        Assert.Equal(BadImagePolicy.Skip, images.OnBadImage);
    }

    [Fact]
    public void Should_AcceptAnySplitName_When_DatasetIsOnTheHub()
    {
        var config = ExperimentLoader.Parse(Yaml("{ name: hub, repo: a/b, split: validation, image_column: img }"), "mine.yaml");

        Assert.Equal("validation", config.Dataset.Split);
        Assert.Equal("img", config.Dataset.Images!.ImageColumn);
    }

    [Theory]
    [InlineData("{ name: imagefolder }", "dataset.path")]
    [InlineData("{ name: imagefolder, path: x, repo: a/b }", "dataset.repo")]
    [InlineData("{ name: hub, repo: not-a-repo }", "dataset.repo")]
    [InlineData("{ name: hub, repo: a/b, path: x }", "dataset.path")]
    [InlineData("{ name: hub, repo: a/b, on_bad_image: ignore }", "dataset.on_bad_image")]
    [InlineData("{ name: cifar10, path: x }", "dataset.path")]
    public void Should_NameTheField_When_ImageDatasetFieldsAreWrong(string dataset, string field)
    {
        var error = Assert.Throws<ExperimentConfigException>(() => ExperimentLoader.Parse(Yaml(dataset), "bad.yaml"));

        Assert.Equal(field, error.Field);
    }
}
