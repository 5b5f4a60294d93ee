using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Workflow.Core.Cache;
using Workflow.Core.Images;
using Workflow.Core.IO;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim decode &lt;image&gt; --output &lt;file.npy&gt;</c>: the H×W×3 uint8 array the Data stage would take from a PNG or JPEG —
/// the same bytes as <c>np.asarray(Image.open(f).convert("RGB"))</c> — for checking a file against Pillow by hand.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "A PNG or JPEG file." };
        var output = new Option<FileInfo>("--output") { Description = ".npy file to write (H x W x 3, uint8).", Required = true };
        var command = new Command("decode",
            "Decode one PNG or JPEG to the RGB array Pillow's Image.open(f).convert(\"RGB\") gives and write it as .npy (H x W x 3 uint8).")
        {
            image, output,
        };
        command.SetAction(parse => Run(parse.GetValue(image)!, parse.GetValue(output)!));
        return command;
    }

    private static int Run(FileInfo image, FileInfo output)
    {
        if (!image.Exists) throw new FileNotFoundException($"No image file {image.FullName}. What to do: pass the path of a PNG or JPEG file.", image.FullName);
        var clock = Stopwatch.StartNew();
        RgbImage decoded = PillowImageDecoder.DecodeFile(image.FullName);
        double ms = clock.Elapsed.TotalMilliseconds;
        Directory.CreateDirectory(output.DirectoryName!);
        AtomicFile.WriteTo(output.FullName, path => NpyFile.WriteUInt8(path, decoded.Pixels, [decoded.Height, decoded.Width, 3]));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {output.FullName}: {decoded.Height}x{decoded.Width}x3 uint8 ({ms:0.0} ms to decode)"));
        return 0;
    }
}
