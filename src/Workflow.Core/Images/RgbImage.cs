namespace Workflow.Core.Images;

/// <summary>One decoded image as H×W×3 uint8, row-major RGB — what <c>np.asarray(Image.open(f).convert("RGB"))</c> gives.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Pixels">H×W×3 bytes.</param>
public sealed record RgbImage(int Height, int Width, byte[] Pixels)
{
    /// <summary>Bytes of the pixel array (H×W×3).</summary>
    public int ByteCount => Height * Width * 3;
}
