namespace Workflow.Core.Images;

/// <summary>A file that is not a decodable PNG or JPEG (corrupt, truncated or another format); the message names the file.</summary>
public sealed class ImageDecodeException : IOException
{
    /// <summary>Creates the exception for <paramref name="imageSource"/> (a file name or a dataset row).</summary>
    public ImageDecodeException(string imageSource, string problem, Exception? inner = null)
        : base($"Cannot decode image {imageSource}: {problem}", inner) => ImageSource = imageSource;

    /// <summary>The file or dataset row that failed.</summary>
    public string ImageSource { get; }
}
