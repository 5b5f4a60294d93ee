using Workflow.Core.Data;

namespace Workflow.Cli.Tests.Commands;

public sealed class DataCommandTests
{
    [Fact]
    public void Should_WriteCalibrationFiles_When_RunWithOutputFolder()
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("idim-cli-cal-").FullName, "calibration");
        try
        {
            int code = CliApp.Run(["data", "calibration", "--output", folder, "--train-per-class", "3", "--test-per-class", "2"]);

            Assert.Equal(0, code);
            Assert.Equal(10 * 3 * 3073, new FileInfo(Path.Combine(folder, "data_batch_1.bin")).Length);
            Assert.Equal(10 * 2 * 3073, new FileInfo(Path.Combine(folder, "test_batch.bin")).Length);
            Assert.Equal(12, CalibrationDataset.ReadLatentDims(folder)["d12"]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public void Should_RejectUnknownDataset_When_Fetching()
    {
        Assert.NotEqual(0, CliApp.Run(["data", "fetch", "--dataset", "imagenet"]));
    }
}
